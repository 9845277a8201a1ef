import type { Migration } from './migration';

/** Saved funnels, every version kept (issue 15). */
export const funnelsMigration: Migration = {
  version: 3,
  name: 'saved funnels',
  async up(session) {
    await session.run(`CREATE TABLE _sw_funnels (id VARCHAR NOT NULL, name VARCHAR NOT NULL, version INTEGER NOT NULL, saved_at VARCHAR NOT NULL, spec JSON NOT NULL, PRIMARY KEY (id, version))`);
  },
};
