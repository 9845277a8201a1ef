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
  const header = JSON.stringify(message, function (this: Record<string, unknown>, key, value: unknown) {
    // The holder's own value, not `value`: JSON.stringify has already applied toJSON, which turns
    // a Node Buffer (a Uint8Array) into {type: 'Buffer', data: [...]}.
    const original = this[key];
    if (original instanceof Uint8Array) {
      parts.push(original);
      return { [BINARY_MARKER]: parts.length - 1, length: original.byteLength };
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

/** A frame that is not a well-formed protocol frame; `requestId` is the request's id when it could still be read. */
export class FrameError extends Error {
  constructor(message: string, readonly requestId: string | null) {
    super(message);
    this.name = 'FrameError';
  }
}

/** How much of a header is searched for a request id when the frame itself cannot be decoded. */
const ID_SEARCH_CHARS = 64 * 1024;
const ID_PATTERN = /"id"\s*:\s*"([^"\\]{1,64})"/;

/**
 * The request id of a frame, read as cheaply as possible and without trusting the frame: the
 * header's `id` if it parses, else the first `"id":"…"` in its first 64 KiB. Lets the engine
 * answer a broken or oversized request by its id instead of leaving the caller waiting.
 */
export function readRequestId(frame: Uint8Array): string | null {
  if (frame.byteLength < 4) return null;
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  const end = Math.min(frame.byteLength, 4 + headerLength, 4 + ID_SEARCH_CHARS);
  const text = decoder.decode(frame.subarray(4, end));
  if (end === 4 + headerLength) {
    try {
      const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id.length > 0 && id.length <= 64) return id;
    } catch {
      // Fall through to the textual search.
    }
  }
  return ID_PATTERN.exec(text)?.[1] ?? null;
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new FrameError('frame too short', null);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new FrameError('frame header length exceeds frame', readRequestId(frame));
  const header = decoder.decode(frame.subarray(4, 4 + headerLength));
  const lengths = new Map<number, number>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(header, (_key, value: unknown) => {
      if (isBinaryMarker(value)) {
        const index = value[BINARY_MARKER];
        if (!Number.isSafeInteger(index) || index < 0 || !Number.isSafeInteger(value.length) || value.length < 0) {
          throw new FrameError(`frame has an invalid binary reference (${index}, ${value.length})`, null);
        }
        if (lengths.has(index)) throw new FrameError(`frame refers to binary part ${index} twice`, null);
        lengths.set(index, value.length);
      }
      return value;
    });
  } catch (error) {
    const reason = error instanceof FrameError ? error.message : 'frame header is not JSON';
    throw new FrameError(reason, readRequestId(frame));
  }
  const idOf = () => (typeof (parsed as { id?: unknown } | null)?.id === 'string' ? (parsed as { id: string }).id : null);
  const offsets: number[] = [];
  let offset = 4 + headerLength;
  for (let i = 0; i < lengths.size; i++) {
    const length = lengths.get(i);
    if (length === undefined) throw new FrameError(`frame has no binary part ${i}`, idOf());
    offsets.push(offset);
    offset += length;
  }
  if (offset > frame.byteLength) throw new FrameError('frame binary parts exceed frame', idOf());
  if (offset < frame.byteLength) throw new FrameError(`frame has ${frame.byteLength - offset} bytes after its parts`, idOf());
  if (lengths.size === 0) return parsed;
  try {
    // Copy each part so it is aligned and owned (Arrow needs 8-byte alignment for typed arrays).
    return restoreBinary(parsed, (index) => frame.slice(offsets[index]!, offsets[index]! + lengths.get(index)!));
  } catch {
    throw new FrameError('frame header nests too deeply', idOf());
  }
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
