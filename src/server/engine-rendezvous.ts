import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * DuckDB lets one process open a workspace file for writing. While a Segment Workbench server
 * holds a workspace, it leaves a rendezvous file beside it (`<workspace>.engine.json`, mode 0600:
 * only its owner may read the token) saying where its engine listens; a CLI command on the same
 * workspace finds it and runs through that engine's WebSocket instead of opening the file, so the
 * open app sees the change at once (its change notifications) and nothing waits on a file lock.
 */
const rendezvousSchema = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  token: z.string().min(16),
  workspace: z.string(),
});
export type Rendezvous = z.infer<typeof rendezvousSchema>;

export function rendezvousPath(workspace: string): string {
  return `${path.resolve(workspace)}.engine.json`;
}

/** Written atomically (temp file, then rename), readable by its owner only. */
export function publishRendezvous(workspace: string, where: { port: number; token: string }): () => void {
  const file = rendezvousPath(workspace);
  const record: Rendezvous = { version: 1, pid: process.pid, port: where.port, token: where.token, workspace: path.resolve(workspace) };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  fs.chmodSync(temp, 0o600); // the umask cannot widen it, but an existing temp file kept its mode
  fs.renameSync(temp, file);
  return () => removeIfOurs(file, where.token);
}

/** The rendezvous of a live server on this workspace, or null (none, unreadable, or its process is gone). */
export function findRendezvous(workspace: string): Rendezvous | null {
  let parsed: Rendezvous;
  try {
    const result = rendezvousSchema.safeParse(JSON.parse(fs.readFileSync(rendezvousPath(workspace), 'utf8')));
    if (!result.success) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  return isAlive(parsed.pid) ? parsed : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfOurs(file: string, token: string): void {
  try {
    const current = rendezvousSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (current.success && current.data.token === token) fs.rmSync(file, { force: true });
  } catch {
    // Already gone, or replaced by another server's: not ours to remove.
  }
}
