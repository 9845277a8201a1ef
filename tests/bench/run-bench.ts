/**
 * `npm run bench -- --customers N [--cases a,b] [--json FILE] [--iterations K]`
 *
 * Each case times the engine's path (through the protocol, as the UI uses it) beside the same
 * work in plain DuckDB SQL on the same workspace in the same run (the floor). Generated data is
 * cached in .bench-cache/ by customer count, so only the first run pays for generation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { BENCH_CASES, measureGeneration, type BenchContext } from './bench-cases';
import { formatBenchTable, type BenchRow } from './bench-stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '50000' },
    cases: { type: 'string' },
    json: { type: 'string' },
    iterations: { type: 'string', default: '30' },
    'cache-dir': { type: 'string', default: '.bench-cache' },
  },
});

const customers = Number(values.customers.replaceAll('_', '').replaceAll(',', ''));
const iterations = Number(values.iterations);
const selected = values.cases ? values.cases.split(',').map((c) => c.trim()) : Object.keys(BENCH_CASES);
const unknown = selected.filter((c) => !(c in BENCH_CASES));
if (unknown.length) {
  process.stderr.write(`unknown case(s): ${unknown.join(', ')}; known: ${Object.keys(BENCH_CASES).join(', ')}\n`);
  process.exit(2);
}

/** Opens the cached bank, generating it on first use (that generation is the demo_generate sample). */
async function openCachedBank(): Promise<{ engine: Engine; generation: BenchRow | null }> {
  fs.mkdirSync(values['cache-dir'], { recursive: true });
  const file = path.resolve(values['cache-dir'], `bank-${customers}.duckdb`);
  const engine = await Engine.open({ path: file });
  if (await engine.hasData(detachedContext())) return { engine, generation: null };
  process.stderr.write(`generating the ${customers.toLocaleString('en')}-customer bank into ${file} (cached for later runs)…\n`);
  const generation = await measureGeneration(engine, customers);
  return { engine, generation };
}

const rows: BenchRow[] = [];
const { engine, generation } = await openCachedBank();
const ctx: BenchContext = { engine, client: engine.connectClient(), customers, iterations, cacheDir: path.resolve(values['cache-dir']) };
try {
  for (const name of selected) {
    process.stderr.write(`running ${name}…\n`);
    const row = name === 'demo_generate' && generation ? generation : await BENCH_CASES[name]!(ctx);
    rows.push(row);
    // Each row as soon as it is measured: a long run cut short (a timeout, Ctrl-C) keeps what it had.
    process.stderr.write(`  ${formatBenchTable([row]).split('\n').at(-1)}\n`);
  }
} finally {
  engine.close();
}

process.stdout.write(`${formatBenchTable(rows)}\n`);
if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
