import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import type { EngineClient } from '../../src/shared/engine-client';

/** A small demo bank with its profile built, in memory, for the campaign tests. */
export async function openCampaignBank(customers = 4000): Promise<{
  engine: Engine;
  client: EngineClient;
  rows: <T extends Record<string, unknown>>(sql: string, params?: Record<string, string | number | boolean | null>) => Promise<T[]>;
  run: (sql: string) => Promise<void>;
}> {
  const engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
  await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers, months: 24, seed: 17 }));
  const client = engine.connectClient();
  await client.call('profile.build', {});
  return {
    engine,
    client,
    rows: (sql, params) => engine.workspace.withSession(detachedContext(), (s) => s.rows(sql, params ?? {})),
    run: (sql) => engine.workspace.withSession(detachedContext(), (s) => s.run(sql)),
  };
}
