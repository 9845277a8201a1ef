/**
 * What the progress bar says while an import runs: bytes done of the total, rows when the engine
 * reports them, speed, and the time left. The engine reports a fraction of the work; the bytes
 * are that fraction of the selected files' size.
 */
export interface ProgressSample {
  /** ms since the import started. */
  elapsedMs: number;
  fraction: number | null;
  rows: number | null;
}

export interface ProgressEstimate {
  fraction: number | null;
  bytesDone: number | null;
  totalBytes: number;
  rows: number | null;
  /** Bytes per second; null until there is enough to say. */
  bytesPerSecond: number | null;
  rowsPerSecond: number | null;
  /** ms left; null until there is enough to say. */
  remainingMs: number | null;
}

/** Below this much elapsed time or progress the speed is noise; say nothing rather than nonsense. */
const MIN_ELAPSED_MS = 300;
const MIN_FRACTION = 0.005;

export function estimateProgress(sample: ProgressSample, totalBytes: number): ProgressEstimate {
  const fraction = sample.fraction === null ? null : Math.min(1, Math.max(0, sample.fraction));
  const bytesDone = fraction === null ? null : Math.round(fraction * totalBytes);
  const seconds = sample.elapsedMs / 1000;
  const measurable = sample.elapsedMs >= MIN_ELAPSED_MS;
  const bytesPerSecond = measurable && bytesDone !== null && bytesDone > 0 ? bytesDone / seconds : null;
  const rowsPerSecond = measurable && sample.rows !== null && sample.rows > 0 ? sample.rows / seconds : null;
  const remainingMs =
    measurable && fraction !== null && fraction >= MIN_FRACTION ? (fraction >= 1 ? 0 : (sample.elapsedMs * (1 - fraction)) / fraction) : null;
  return { fraction, bytesDone, totalBytes, rows: sample.rows, bytesPerSecond, rowsPerSecond, remainingMs };
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 0 B, 950 B, 1.5 KB, 250 MB, 3.02 GB (binary multiples, as file managers show). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Time left: 8 s, 2 min 05 s, 1 h 03 min. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
