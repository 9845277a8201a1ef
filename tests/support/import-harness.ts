import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../src/engine/engine';
import { createImportHandlers } from '../../src/engine/import/import-handlers';
import { detachedContext, type JobContext } from '../../src/engine/jobs/job-context';
import { detectParamsSchema, runParamsSchema } from '../../src/shared/import-types';
import type { z } from 'zod';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import');
export const fixture = (name: string) => path.join(FIXTURES, name);

/** Calls the import handlers as the engine will, with params parsed by the protocol schemas. */
export function importApi(engine: Engine) {
  const handlers = createImportHandlers(engine.workspace);
  return {
    detect: (params: z.input<typeof detectParamsSchema>, ctx: JobContext = detachedContext()) => handlers['import.detect'](detectParamsSchema.parse(params), ctx),
    run: (params: z.input<typeof runParamsSchema>, ctx: JobContext = detachedContext()) => handlers['import.run'](runParamsSchema.parse(params), ctx),
    handlers,
  };
}

export async function query<T extends Record<string, unknown>>(engine: Engine, sql: string): Promise<T[]> {
  return engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql));
}
