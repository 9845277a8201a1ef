import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/engine';

/** A real workspace file in a fresh temp folder, removed afterwards. */
export async function openTempEngine(): Promise<{ engine: Engine; dir: string; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-test-'));
  const engine = await Engine.open({ path: path.join(dir, 'workspace.duckdb'), memoryLimit: '2GB', threads: 2 });
  return {
    engine,
    dir,
    dispose: () => {
      engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
