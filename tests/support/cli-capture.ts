import { vi } from 'vitest';

/** Runs a CLI command in-process with stdout captured and stderr silenced; a thrown error is the result's code. */
export async function captureCli(command: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number | unknown; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await command(argv).catch((e: unknown) => e), stdout };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}
