import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { importCommand } from '../../src/cli/commands/import-command';
import type { Engine } from '../../src/engine/engine';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server';
import { findRendezvous, publishRendezvous, rendezvousPath } from '../../src/server/engine-rendezvous';
import { websocketTransport } from '../../src/server/websocket-transport';
import { EngineClient } from '../../src/shared/engine-client';
import type { ChangeNotice } from '../../src/shared/protocol';
import { fixture } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * DuckDB lets one process write a workspace file. With a server holding the workspace (as
 * `segment-workbench serve` does), a CLI import on the same workspace runs through that server's
 * engine, and an open app — here a second WebSocket client, as the browser page is — hears the
 * change and reads the new data without reopening anything.
 */
let engine: Engine;
let dir: string;
let dispose: () => void;
let server: BrowserServer;
let app: EngineClient;
let appSocket: WebSocket;
const heard: ChangeNotice[] = [];

beforeAll(async () => {
  ({ engine, dir, dispose } = await openTempEngine());
  const setup = engine.connectClient();
  await setup.call('import.run', { files: [fixture('customers-utf8.csv')], table: 'customers' });
  await setup.call('profile.build', { asOf: '2024-06-30' });
  const root = path.join(dir, 'renderer');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  server = await startBrowserServer({ engine, rendererRoot: root });
  appSocket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => appSocket.once('open', resolve).once('error', reject));
  app = new EngineClient(websocketTransport(appSocket), 'app');
  app.onNotify((notice) => heard.push(notice));
});
afterAll(async () => {
  appSocket.close();
  await server.close();
  dispose();
});

async function capture(argv: string[]): Promise<{ code: unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await importCommand(argv).catch((e: unknown) => e);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('a CLI command while the app holds the workspace', () => {
  it('the server leaves a rendezvous beside the workspace that only its owner can read', () => {
    const file = rendezvousPath(engine.workspace.path);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(findRendezvous(engine.workspace.path)).toMatchObject({ pid: process.pid, port: server.port, token: server.token });
  });

  it('an import from the CLI runs in the running engine; the open app hears tables.changed and profile.rebuilt and sees the new rows', async () => {
    const before = await app.call('profile.summary', {});
    expect(before.customers).toBe(6);
    const file = path.join(dir, 'more-customers.csv');
    fs.writeFileSync(file, `客户号,客户姓名,证件号码,手机号码,性别,出生日期,风险等级,备注\n000901,新客户一,,13800009001,男,19900101,R2,\n000902,新客户二,,13800009002,女,19910202,R1,\n`);

    const cli = await capture([file, '--table', 'customers', '--mode', 'append', '--workspace', engine.workspace.path, '--json']);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain('through the Segment Workbench running on this workspace');
    expect(JSON.parse(cli.stdout)).toMatchObject({ rows_loaded: 2, profile_rebuilt: true, profile_as_of: '2024-06-30', profile_customers: 8 });

    const topics = heard.map((n) => n.topic);
    expect(topics).toEqual(expect.arrayContaining(['tables.changed', 'imports.changed', 'profile.rebuilt']));
    // The rows' notice comes first (their commit), the profile's after its rebuild.
    expect(topics.indexOf('tables.changed')).toBeLessThan(topics.indexOf('profile.rebuilt'));
    const after = await app.call('profile.summary', {});
    expect(after).toMatchObject({ customers: 8, asOf: '2024-06-30', stale: null });
    const page = await app.call('table.page', { table: { schema: 'main', name: 'customers' }, offset: 0, limit: 10 });
    expect(page.totalRows).toBe(8);
  });

  it('ignores a rendezvous whose process is gone (the CLI would open the file itself)', () => {
    const other = path.join(dir, 'other.duckdb');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const withdraw = publishRendezvous(other, { port: 9, token: 'x'.repeat(32) });
    const record = JSON.parse(fs.readFileSync(rendezvousPath(other), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(rendezvousPath(other), JSON.stringify({ ...record, pid: gone }), { mode: 0o600 });
    expect(findRendezvous(other)).toBeNull();
    withdraw();
  });
});
