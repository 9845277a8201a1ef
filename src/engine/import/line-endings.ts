import fs from 'node:fs';
import { once } from 'node:events';
import type { JobContext } from '../jobs/job-context';

/**
 * Line endings of a file, counted as its bytes stream by: \r\n, a lone \n and a lone \r. DuckDB's
 * reader takes one kind of ending per file and fails on a file that mixes them (exports assembled
 * from several systems do), so such a file is rewritten with \n endings before the load; every
 * line keeps its number, as an editor shows it.
 */
export interface LineEndings {
  crlf: number;
  lf: number;
  cr: number;
}

export class LineEndingScan {
  readonly counts: LineEndings = { crlf: 0, lf: 0, cr: 0 };
  /** The previous chunk ended with \r: whether it is a \r\n is told by the next chunk's first byte. */
  private pendingCr = false;

  update(chunk: Buffer | string): void {
    const isBuffer = typeof chunk !== 'string';
    const at = (i: number) => (isBuffer ? chunk[i] : chunk.charCodeAt(i));
    const find = (code: number, from: number) => (isBuffer ? chunk.indexOf(code, from) : chunk.indexOf(String.fromCharCode(code), from));
    const n = chunk.length;
    let start = 0;
    if (this.pendingCr && n > 0) {
      if (at(0) === 10) {
        this.counts.crlf++;
        start = 1;
      } else this.counts.cr++;
      this.pendingCr = false;
    }
    // \n bytes: each is a \r\n or a lone \n.
    for (let i = find(10, start); i >= 0; i = find(10, i + 1)) {
      if (i > 0 && at(i - 1) === 13) this.counts.crlf++;
      else this.counts.lf++;
    }
    // \r bytes not followed by \n (one at the chunk's end waits for the next chunk).
    for (let i = find(13, start); i >= 0; i = find(13, i + 1)) {
      if (i === n - 1) this.pendingCr = true;
      else if (at(i + 1) !== 10) this.counts.cr++;
    }
  }

  /** Call after the last chunk. */
  finish(): LineEndings {
    if (this.pendingCr) this.counts.cr++;
    this.pendingCr = false;
    return this.counts;
  }
}

export function lineEndingKind(e: LineEndings): 'lf' | 'crlf' | 'cr' | 'mixed' | 'none' {
  const kinds = (['lf', 'crlf', 'cr'] as const).filter((k) => e[k] > 0);
  if (kinds.length === 0) return 'none';
  return kinds.length > 1 ? 'mixed' : kinds[0]!;
}

/** Line breaks of any kind: the number of the last line, when the file ends with one. */
export function lineBreaks(e: LineEndings): number {
  return e.crlf + e.lf + e.cr;
}

/** A copy of a UTF-8 file with every \r\n and lone \r written as \n (streamed, cancellable). */
export async function normalizeLineEndings(source: string, target: string, ctx: JobContext): Promise<void> {
  const out = fs.createWriteStream(target);
  let carryCr = false;
  try {
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 })) {
      ctx.token.throwIfCancelled();
      let text = (chunk as Buffer).toString('latin1');
      if (carryCr) text = `\r${text}`;
      carryCr = text.endsWith('\r');
      if (carryCr) text = text.slice(0, -1);
      // latin1 maps bytes 1:1, so multi-byte UTF-8 sequences (and invalid bytes) pass through unchanged.
      if (!out.write(Buffer.from(text.replace(/\r\n?/g, '\n'), 'latin1'))) await once(out, 'drain');
    }
    if (carryCr) out.write('\n');
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    throw error;
  }
}
