import { Engine } from '../engine/engine';
import type { EngineClient } from '../shared/engine-client';

/**
 * Opens the workspace for one CLI command and a client over the in-process protocol. Ctrl+C
 * aborts the running call (the engine interrupts DuckDB and rolls back), then the process exits.
 */
export async function withEngine<T>(workspace: string, fn: (client: EngineClient, signal: AbortSignal, engine: Engine) => Promise<T>): Promise<T> {
  const engine = await Engine.open({ path: workspace });
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    return await fn(engine.connectClient(), abort.signal, engine);
  } finally {
    process.off('SIGINT', onSignal);
    engine.close();
  }
}
