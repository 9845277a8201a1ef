import type { EngineClient } from '../../shared/engine-client';

/** What every page gets: the engine, and whether it is the page on screen (pages visited stay mounted). */
export interface PageProps {
  client: EngineClient;
  active: boolean;
}
