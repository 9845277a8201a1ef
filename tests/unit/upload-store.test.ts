import { describe, expect, it } from 'vitest';
import { UploadStore } from '../../src/engine/uploads/upload-store';

describe('upload store', () => {
  it('takes chunks in order into the declared size, and gives the bytes out once', () => {
    const store = new UploadStore();
    const id = store.begin(5);
    expect(store.chunk(id, 0, new Uint8Array([1, 2]))).toBe(2);
    expect(() => store.chunk(id, 0, new Uint8Array([9]))).toThrow(/expected 2/);
    expect(() => store.take(id)).toThrow(/no complete upload/);
    expect(store.chunk(id, 2, new Uint8Array([3, 4, 5]))).toBe(5);
    expect(() => store.chunk(id, 5, new Uint8Array([6]))).toThrow(/past the declared/);
    expect(store.end(id)).toBe(5);
    expect(() => store.chunk(id, 5, new Uint8Array(0))).toThrow(/no upload/);
    expect(Array.from(store.take(id))).toEqual([1, 2, 3, 4, 5]);
    expect(() => store.take(id)).toThrow(/no complete upload/);
  });

  it('holds at most the total limit at once and drops idle uploads', () => {
    let now = 0;
    const store = new UploadStore({ maxTotalBytes: 100, idleMs: 1_000 }, () => now);
    const a = store.begin(60);
    expect(() => store.begin(50)).toThrow(expect.objectContaining({ messageKey: 'error.UPLOAD_TOO_LARGE' }));
    now = 500;
    store.chunk(a, 0, new Uint8Array(10));
    now = 1_400;
    expect(() => store.begin(50)).toThrow(/does not fit/);
    now = 2_600; // a: idle for 1,100 ms
    const b = store.begin(50);
    expect(() => store.chunk(a, 10, new Uint8Array(1))).toThrow(expect.objectContaining({ messageKey: 'error.UPLOAD_NOT_FOUND' }));
    expect(store.discard(b)).toBe(true);
    expect(store.discard(b)).toBe(false);
  });
});
