import type { Migration } from './migration';

/** Saved campaigns and every version with what changed (issue 14). */
export const campaignsMigration: Migration = {
  version: 7,
  name: 'campaigns',
  async up(session) {
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_campaigns (
      id VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, version INTEGER NOT NULL, definition JSON NOT NULL,
      created_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL, finalised_at VARCHAR, snapshot_segment_id VARCHAR)`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_campaign_versions (
      campaign_id VARCHAR NOT NULL, version INTEGER NOT NULL, saved_at VARCHAR NOT NULL, status VARCHAR NOT NULL,
      definition JSON NOT NULL, changes JSON NOT NULL, PRIMARY KEY (campaign_id, version))`);
  },
};
