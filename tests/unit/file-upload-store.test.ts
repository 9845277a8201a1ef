import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_UPLOADS_KEPT, FileUploadStore, safeFileName } from '../../src/engine/uploads/file-upload-store';

const dirs: string[] = [];
function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-file-upload-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('file upload store', () => {
  it('writes chunks in order to a file in the temp folder and gives its path at the end', () => {
    const temp = tempFolder();
    const store = new FileUploadStore(() => temp);
    const id = store.begin(6, 'a.csv');
    expect(store.chunk(id, 0, new TextEncoder().encode('a,b'))).toBe(3);
    expect(() => store.chunk(id, 0, new Uint8Array([1]))).toThrow(expect.objectContaining({ messageKey: 'error.UPLOAD_OUT_OF_ORDER' }));
    expect(() => store.end(id)).toThrow(expect.objectContaining({ messageKey: 'error.UPLOAD_SIZE_MISMATCH' }));
    expect(() => store.chunk(id, 3, new Uint8Array(4))).toThrow(/past the declared/);
    store.chunk(id, 3, new TextEncoder().encode('\n1,'));
    const done = store.end(id);
    expect(done.bytes).toBe(6);
    expect(path.basename(done.path)).toBe('a.csv');
    expect(path.relative(temp, done.path).startsWith('uploads')).toBe(true);
    expect(fs.readFileSync(done.path, 'utf8')).toBe('a,b\n1,');
    expect(() => store.chunk(id, 6, new Uint8Array(0))).toThrow(expect.objectContaining({ messageKey: 'error.UPLOAD_NOT_FOUND' }));
    expect(store.discard(id)).toBe(true);
    expect(fs.existsSync(done.path)).toBe(false);
  });

  it('deletes idle unfinished uploads and keeps only the newest finished files', () => {
    const temp = tempFolder();
    let now = 0;
    const store = new FileUploadStore(() => temp, 1_000, () => now);
    const idle = store.begin(10, 'idle.csv');
    now = 2_000;
    const paths: string[] = [];
    for (let i = 0; i <= FILE_UPLOADS_KEPT; i++) {
      const id = store.begin(1, `f${i}.csv`);
      store.chunk(id, 0, new Uint8Array([65]));
      paths.push(store.end(id).path);
    }
    expect(store.has(idle)).toBe(false);
    expect(fs.existsSync(paths[0]!)).toBe(false);
    expect(paths.slice(1).every((p) => fs.existsSync(p))).toBe(true);
  });

  it('keeps a picked name inside its folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\客户 2024.csv')).toBe('客户 2024.csv');
    expect(safeFileName('..')).toBe('upload');
  });
});
