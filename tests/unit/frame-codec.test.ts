import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameError, readRequestId } from '../../src/shared/frame-codec';

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

describe('frame codec against hostile frames', () => {
  const header = (text: string) => {
    const bytes = new TextEncoder().encode(text);
    const frame = new Uint8Array(4 + bytes.byteLength);
    new DataView(frame.buffer).setUint32(0, bytes.byteLength, true);
    frame.set(bytes, 4);
    return frame;
  };

  it('sends a Node Buffer as a binary part, not as JSON numbers', () => {
    const decoded = decodeFrame(encodeFrame({ data: Buffer.from([1, 2, 3]) })) as { data: Uint8Array };
    expect(decoded.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.data)).toEqual([1, 2, 3]);
  });

  it('names the request id of a frame it cannot decode, when the id can be read', () => {
    const failure = (frame: Uint8Array) => {
      try {
        decodeFrame(frame);
      } catch (error) {
        return error as FrameError;
      }
      throw new Error('decoded');
    };
    expect(failure(header('{"type":"request","id":"r1","method":')).requestId).toBe('r1');
    expect(failure(header('{"id":"r2","x":{"$bin":1,"length":3}}')).requestId).toBe('r2');
    expect(failure(header('{"id":"r3","x":{"$bin":0,"length":-1}}')).requestId).toBe('r3');
    expect(failure(header('{"id":"r4","x":{"$bin":0.5,"length":1}}')).requestId).toBe('r4');
    expect(failure(header('{"id":"r5","a":{"$bin":0,"length":1},"b":{"$bin":0,"length":1}}')).message).toMatch(/twice/);
    expect(failure(new Uint8Array([1])).requestId).toBeNull();
    const withTail = new Uint8Array([...encodeFrame({ id: 'r6' }), 0, 0]);
    expect(failure(withTail).requestId).toBe('r6');
    expect(readRequestId(new TextEncoder().encode('{"type":"request","id":"as-text"}'))).toBe('as-text');
  });

  it('refuses a header nested too deeply to rebuild, as a frame error', () => {
    const deep = `${'['.repeat(200_000)}{"$bin":0,"length":0}${']'.repeat(200_000)}`;
    expect(() => decodeFrame(header(deep))).toThrow(FrameError);
  });
});
