import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../src/shared/frame-codec';

describe('frame codec', () => {
  it('round-trips JSON with several binary parts at any depth', () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array(1000).map((_, i) => i % 251);
    const message = { type: 'response', id: 'c1', ok: true, result: { arrow: a, nested: [{ more: b }], text: '客户 "quoted"' } };
    const decoded = decodeFrame(encodeFrame(message)) as typeof message;
    expect(decoded.result.text).toBe('客户 "quoted"');
    expect(Array.from(decoded.result.arrow)).toEqual([1, 2, 3]);
    expect(Array.from(decoded.result.nested[0]!.more)).toEqual(Array.from(b));
  });

  it('returns owned, aligned copies of binary parts', () => {
    const part = new Uint8Array([9, 8, 7, 6, 5]);
    const decoded = decodeFrame(encodeFrame({ x: part })) as { x: Uint8Array };
    expect(decoded.x.byteOffset % 8).toBe(0);
    expect(decoded.x.buffer.byteLength).toBe(5);
  });

  it('refuses bigint in the JSON header rather than losing precision', () => {
    expect(() => encodeFrame({ n: 2n ** 63n })).toThrow(/bigint/);
  });

  it('rejects truncated frames', () => {
    const frame = encodeFrame({ x: new Uint8Array(100) });
    expect(() => decodeFrame(frame.subarray(0, 3))).toThrow(/too short/);
    expect(() => decodeFrame(frame.subarray(0, 20))).toThrow();
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(/exceed/);
  });
});
