export interface BenchRow {
  case: string;
  customers: number;
  engine_ms_p50: number;
  engine_ms_p95: number;
  floor_ms_p50: number | null;
  ratio: number | null;
  peak_rss_mb: number;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Samples RSS while a case runs: DuckDB allocates in-process, so RSS covers the engine's memory. */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
    },
  };
}

export async function timeRuns(iterations: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Engine and floor runs alternate, after warm-up, so both see the same machine state (caches,
 * other load) — a fair ratio on a busy laptop.
 */
export async function timeInterleaved(
  iterations: number,
  engine: (i: number) => Promise<void>,
  floor: (i: number) => Promise<void>,
  warmup = 3,
): Promise<{ engine: number[]; floor: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await engine(i);
    await floor(i);
  }
  const out = { engine: [] as number[], floor: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    out.engine.push(...(await timeRuns(1, () => engine(i))));
    out.floor.push(...(await timeRuns(1, () => floor(i))));
  }
  return out;
}

export function formatBenchTable(rows: BenchRow[]): string {
  const headers = ['case', 'customers', 'engine p50 ms', 'engine p95 ms', 'floor p50 ms', 'ratio', 'peak RSS MB'];
  const cells = rows.map((r) => [
    r.case,
    r.customers.toLocaleString('en'),
    r.engine_ms_p50.toFixed(1),
    r.engine_ms_p95.toFixed(1),
    r.floor_ms_p50 === null ? '—' : r.floor_ms_p50.toFixed(1),
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    String(r.peak_rss_mb),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`, ...cells.map(line)].join('\n');
}
