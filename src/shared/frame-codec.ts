/**
 * Messages travel as one binary frame: a JSON header plus the raw bytes of every Uint8Array the
 * message holds (Arrow IPC results), so tabular data is never turned into row-by-row JSON.
 *
 * Layout: [u32 little-endian header length][header JSON, UTF-8][binary part 0][binary part 1]…
 * In the header each Uint8Array is replaced by {"$bin": index, "length": n}.
 */
const BINARY_MARKER = '$bin';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeFrame(message: unknown): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      parts.push(value);
      return { [BINARY_MARKER]: parts.length - 1, length: value.byteLength };
    }
    if (typeof value === 'bigint') {
      throw new TypeError('bigint cannot cross the protocol as JSON; send it inside Arrow or as a string');
    }
    return value;
  });
  const headerBytes = encoder.encode(header);
  const total = 4 + headerBytes.byteLength + parts.reduce((sum, p) => sum + p.byteLength, 0);
  const frame = new Uint8Array(total);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength, true);
  frame.set(headerBytes, 4);
  let offset = 4 + headerBytes.byteLength;
  for (const part of parts) {
    frame.set(part, offset);
    offset += part.byteLength;
  }
  return frame;
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('frame too short');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new Error('frame header length exceeds frame');
  const header = decoder.decode(frame.subarray(4, 4 + headerLength));
  const offsets: number[] = [];
  const lengths = new Map<number, number>();
  const parsed: unknown = JSON.parse(header, (_key, value: unknown) => {
    if (isBinaryMarker(value)) {
      lengths.set(value[BINARY_MARKER], value.length);
    }
    return value;
  });
  let offset = 4 + headerLength;
  for (let i = 0; i < lengths.size; i++) {
    offsets.push(offset);
    offset += lengths.get(i) ?? 0;
  }
  if (offset > frame.byteLength) throw new Error('frame binary parts exceed frame');
  return restoreBinary(parsed, (index) => {
    const start = offsets[index];
    const length = lengths.get(index);
    if (start === undefined || length === undefined) throw new Error(`frame has no binary part ${index}`);
    // Copy so the part is aligned and owned (Arrow needs 8-byte alignment for typed arrays).
    return frame.slice(start, start + length);
  });
}

function isBinaryMarker(value: unknown): value is { $bin: number; length: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[BINARY_MARKER] === 'number' &&
    typeof (value as Record<string, unknown>).length === 'number' &&
    Object.keys(value).length === 2
  );
}

function restoreBinary(value: unknown, part: (index: number) => Uint8Array): unknown {
  if (isBinaryMarker(value)) return part(value[BINARY_MARKER]);
  if (Array.isArray(value)) return value.map((item) => restoreBinary(item, part));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = restoreBinary(item, part);
    return out;
  }
  return value;
}
