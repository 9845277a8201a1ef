import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { MIGRATIONS, SCHEMA_VERSION, schemaVersion } from '../../src/engine/migrations/migrate-workspace';
import type { Migration } from '../../src/engine/migrations/migration';
import { listBackups } from '../../src/engine/workspace-backup';
import { AppError } from '../../src/shared/errors';

/**
 * The fixture was written by main at e2f9abc, before workspaces had a schema version (see
 * tests/fixtures/workspaces/make-v0-workspace.ts); the .expected.json beside it is what that code
 * listed from it right after making it.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/workspaces');
const V0 = path.join(FIXTURES, 'v0-main-e2f9abc.duckdb');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'v0-main-e2f9abc.expected.json'), 'utf8')) as {
  segments: Array<{ id: string; name: string; version: number; kind: string; memberCount: number | null }>;
  rules: Array<{ rule: string; version: number; definition: unknown; updatedAt: string | null }>;
  tags: Array<{ id: string; nameZh: string; definition: unknown; updatedAt: string }>;
  imports: { total: number; imports: Array<{ importId: string; table: string; rowsLoaded: number; rowsRejected: number; files: Array<{ sha256: string }>; rejects: Array<{ line: number; column: string | null; reason: string; raw: string }> }> };
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let copies = 0;
function copyOfV0(): string {
  const file = path.join(dir, `copy-${++copies}.duckdb`);
  fs.copyFileSync(V0, file);
  return file;
}
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const siblings = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file)) && f !== path.basename(file));
const open = (file: string, migrations?: readonly Migration[]) => Engine.open({ path: file, threads: 1, memoryLimit: '1GB', ...(migrations ? { migrations } : {}) });

describe('a versioned workspace', () => {
  it('opens a workspace made by main before versions, migrates it, and keeps every segment, rule, tag and import log', async () => {
    const file = copyOfV0();
    const engine = await open(file);
    try {
      expect(await engine.workspace.withSession(detachedContext(), (s) => schemaVersion(s))).toMatchObject({ version: SCHEMA_VERSION });
      // The workspace as the old version left it stays in the backup folder.
      expect(listBackups(file).map((b) => path.basename(b))).toEqual([expect.stringMatching(/before-v1-migration\.duckdb$/)]);
      const client = engine.connectClient();

      const segments = await client.call('segment.list', {});
      expect(segments.map((s) => ({ id: s.id, name: s.name, version: s.version, kind: s.kind, memberCount: s.memberCount }))).toEqual(
        expected.segments.map((s) => ({ id: s.id, name: s.name, version: s.version, kind: s.kind, memberCount: s.memberCount })),
      );
      const dynamic = expected.segments.find((s) => s.kind === 'dynamic')!;
      expect((await client.call('segment.history', { id: dynamic.id })).map((v) => v.version)).toEqual([2, 1]);

      const rules = await client.call('rules.list', {});
      expect(rules.map((r) => ({ rule: r.rule, version: r.version, definition: r.definition, updatedAt: r.updatedAt }))).toEqual(
        expected.rules.map((r) => ({ rule: r.rule, version: r.version, definition: r.definition, updatedAt: r.updatedAt })),
      );

      const tags = (await client.call('tags.list', {})).filter((t) => !t.builtIn);
      expect(tags.map((t) => ({ id: t.id, nameZh: t.nameZh, definition: t.definition, updatedAt: t.updatedAt }))).toEqual(
        expected.tags.map((t) => ({ id: t.id, nameZh: t.nameZh, definition: t.definition, updatedAt: t.updatedAt })),
      );

      await client.call('privacy.unmask', { reason: 'compare the migrated import log with the original', scope: 'test' });
      const history = await client.call('import.history', { limit: 50, rejects: 50, unmasked: true });
      expect(history.total).toBe(expected.imports.total);
      expect(history.imports.map((i) => [i.importId, i.table, i.rowsLoaded, i.rowsRejected, i.files.map((f) => f.sha256)])).toEqual(
        expected.imports.imports.map((i) => [i.importId, i.table, i.rowsLoaded, i.rowsRejected, i.files.map((f) => f.sha256)]),
      );
      const rejects = history.imports.find((i) => i.table === 'broken_rows')!.rejects;
      const before = expected.imports.imports.find((i) => i.table === 'broken_rows')!.rejects;
      expect(rejects.map((r) => [r.line, r.column, r.reason, r.raw])).toEqual(before.map((r) => [r.line, r.column, r.reason, r.raw]));
      // Migration 2 gave the old rejects their codes and parameters, from the reason text they kept.
      expect(rejects.map((r) => [r.code, r.params])).toEqual([
        ['tooManyColumns', { expected: '4', found: '5' }],
        ['cannotConvert', { value: '2024-02-30', expected: 'date' }],
        ['missingColumns', { expected: '4', found: '3' }],
        ['unquotedValue', {}],
      ]);

      // The migrated workspace works: its profile is read, a new import logs codes too.
      const [profile] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>('SELECT count(*) AS n FROM customer_profile'));
      expect((await client.call('profile.summary', {})).customers).toBe(Number(profile!.n));
      const again = await client.call('import.run', { files: [path.resolve(__dirname, '../fixtures/import/broken.csv')], table: 'broken_again', allowReimport: true });
      expect(again.rejects.map((r) => r.code)).toEqual(['tooManyColumns', 'cannotConvert', 'missingColumns', 'unquotedValue']);
    } finally {
      engine.close();
    }
    // The copy taken for the migration is gone once it committed.
    expect(siblings(file).filter((f) => f.includes('migration'))).toEqual([]);
    // Opening again migrates nothing.
    const reopened = await open(file);
    expect(await reopened.workspace.withSession(detachedContext(), (s) => schemaVersion(s))).toMatchObject({ version: SCHEMA_VERSION });
    reopened.close();
  });

  it('a failed migration leaves the file byte for byte as it was, and a later open still works', async () => {
    const file = copyOfV0();
    const original = sha256(file);
    const failing: Migration = {
      version: SCHEMA_VERSION + 1,
      name: 'fails half-way',
      async up(session) {
        await session.run('CREATE TABLE half_done AS SELECT range AS i FROM range(100000)');
        await session.run('DELETE FROM _sw_segments');
        throw new AppError('INTERNAL', 'injected failure');
      },
    };
    const error = await open(file, [...MIGRATIONS, failing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'WORKSPACE_MIGRATION_FAILED', messageKey: 'error.WORKSPACE_MIGRATION_FAILED', details: { fromVersion: 0, toVersion: SCHEMA_VERSION + 1, migration: SCHEMA_VERSION + 1 } });
    expect(sha256(file)).toBe(original);
    // Nothing beside the file but its backup folder, which keeps the copy taken before the migration.
    expect(siblings(file)).toEqual([`${path.basename(file)}.backups`]);
    const backups = listBackups(file);
    expect(backups).toHaveLength(1);
    expect(path.basename(backups[0]!)).toMatch(/before-v1-migration\.duckdb$/);
    expect(sha256(backups[0]!)).toBe(original);
    // Nothing of the earlier migrations of that run stayed either: the file is still version 0.
    const engine = await open(file);
    try {
      expect((await engine.connectClient().call('segment.list', {})).length).toBe(expected.segments.length);
    } finally {
      engine.close();
    }
  });

  it('refuses a workspace written by a newer version, naming both versions, and leaves it untouched', async () => {
    const file = copyOfV0();
    const engine = await open(file);
    await engine.connectClient().call('sql.run', { sql: `INSERT INTO _sw_schema VALUES (${SCHEMA_VERSION + 7}, 'from the future', '9.9.9', current_timestamp)` });
    engine.close();
    const written = sha256(file);
    const error = await open(file).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'WORKSPACE_TOO_NEW',
      messageKey: 'error.WORKSPACE_TOO_NEW',
      details: { workspaceVersion: SCHEMA_VERSION + 7, supportedVersion: SCHEMA_VERSION, writtenBy: '9.9.9' },
    });
    expect(sha256(file)).toBe(written);
  });

  it('a new workspace starts at the current version with every workspace table', async () => {
    const engine = await open(path.join(dir, 'fresh.duckdb'));
    try {
      const rows = await engine.workspace.withSession(detachedContext(), (s) =>
        s.rows<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() ORDER BY t`),
      );
      expect(rows.map((r) => r.t)).toEqual([
        '_sw_audit', '_sw_campaign_versions', '_sw_campaigns', '_sw_churn_definitions', '_sw_funnels', '_sw_import_rejects', '_sw_imports', '_sw_model_scores', '_sw_models', '_sw_profile_meta', '_sw_profile_stale', '_sw_rules', '_sw_schema',
        '_sw_segment_members', '_sw_segment_versions', '_sw_segments', '_sw_tags',
      ]);
      expect(await engine.workspace.withSession(detachedContext(), (s) => schemaVersion(s))).toMatchObject({ version: SCHEMA_VERSION });
    } finally {
      engine.close();
    }
  });
});
