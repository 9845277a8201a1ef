import type { Migration } from './migration';

/**
 * The workspace tables as main wrote them before the workspace had a version (up to e2f9abc):
 * each was created by `CREATE TABLE IF NOT EXISTS` where it was first written, so an unversioned
 * workspace holds any subset of them. That is why this one migration (and no later one) says
 * IF NOT EXISTS, and adds the profile's `as_of_pinned` flag, which older profiles lack.
 */
export const initialMigration: Migration = {
  version: 1,
  name: 'workspace tables',
  async up(session) {
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_imports (
      import_id VARCHAR, imported_at TIMESTAMP, file VARCHAR, sha256 VARCHAR, size_bytes BIGINT, table_name VARCHAR,
      mode VARCHAR, encoding VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, rows_duplicate BIGINT,
      settings JSON)`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_import_rejects (
      import_id VARCHAR, file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR, raw VARCHAR)`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_rules (
      rule VARCHAR NOT NULL, version INTEGER NOT NULL, definition JSON NOT NULL, saved_at TIMESTAMP NOT NULL, PRIMARY KEY (rule, version))`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_tags (
      id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL, description VARCHAR NOT NULL,
      owner VARCHAR NOT NULL, definition JSON NOT NULL, updated_at VARCHAR NOT NULL)`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_segments (
      id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, description VARCHAR NOT NULL, owner VARCHAR NOT NULL, kind VARCHAR NOT NULL,
      rule JSON NOT NULL, version INTEGER NOT NULL, created_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL, static_origin JSON)`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_segment_versions (
      segment_id VARCHAR NOT NULL, version INTEGER NOT NULL, saved_at VARCHAR NOT NULL, name VARCHAR NOT NULL, description VARCHAR NOT NULL,
      owner VARCHAR NOT NULL, rule JSON NOT NULL, changes JSON NOT NULL, PRIMARY KEY (segment_id, version))`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_segment_members (segment_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL)`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_profile_meta (as_of DATE, built_at VARCHAR, customers BIGINT, as_of_pinned BOOLEAN)`);
    await session.run(`ALTER TABLE _sw_profile_meta ADD COLUMN IF NOT EXISTS as_of_pinned BOOLEAN`);
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_profile_stale (table_name VARCHAR, import_id VARCHAR, imported_at TIMESTAMP)`);
  },
};
