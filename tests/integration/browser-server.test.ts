import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server';
import { websocketTransport } from '../../src/server/websocket-transport';
import { EngineClient } from '../../src/shared/engine-client';
import { openTempEngine } from '../support/temp-workspace';

let server: BrowserServer;
let dispose: () => void;
let workspaceDir: string;

beforeAll(async () => {
  const opened = await openTempEngine();
  dispose = opened.dispose;
  workspaceDir = opened.dir;
  const root = path.join(opened.dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(opened.dir, 'secret.txt'), 'secret');
  server = await startBrowserServer({ engine: opened.engine, rendererRoot: root });
});
afterAll(async () => {
  await server.close();
  dispose();
});

function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', () => resolve(-1));
  });
}

describe('browser mode server', () => {
  it('listens on loopback only and prints a tokenised URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses HTTP requests without the right token with 401', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/', { Cookie: 'sw_token=wrong' })).status).toBe(401);
  });

  it('serves the app with the token and sets a strict CSP and an HttpOnly cookie for assets', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await get('/assets/app.js', { Cookie: cookie.split(';')[0]! });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(401);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const res = await get(`${attempt}?token=${server.token}`);
      expect(res.status, attempt).not.toBe(200);
      expect(res.body).not.toContain('secret');
    }
  });

  it('serves only regular files inside its root after resolving symlinks', async () => {
    const root = path.join(workspaceDir, 'renderer');
    fs.symlinkSync('/etc/passwd', path.join(root, 'passwd'));
    fs.symlinkSync(workspaceDir, path.join(root, 'assets', 'up'));
    fs.symlinkSync(path.join(root, 'assets', 'app.js'), path.join(root, 'inside.js'));
    fs.mkdirSync(path.join(root, 'folder.js'));
    for (const attempt of ['/passwd', '/assets/up/secret.txt', '/folder.js', '/assets']) {
      const res = await get(`${attempt}?token=${server.token}`);
      expect(res.status, attempt).toBe(404);
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toContain('secret');
    }
    // A link that stays inside the folder is still served.
    const inside = await get(`/inside.js?token=${server.token}`);
    expect(inside.status).toBe(200);
    expect(inside.body).toBe('console.log(1)');
  });

  it('refuses WebSocket upgrades without the token, or from a foreign origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/ws`;
    expect(await wsStatus(base)).toBe(401);
    expect(await wsStatus(`${base}?token=wrong`)).toBe(401);
    expect(await wsStatus(`${base}?token=${server.token}`, { Origin: 'http://evil.example' })).toBe(401);
    expect(await wsStatus(`${base}?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
  });

  it('speaks the protocol over the WebSocket', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const client = new EngineClient(websocketTransport(socket));
    const info = await client.call('app.info', {});
    expect(info.workspacePath).toMatch(/workspace\.duckdb$/);
    const result = await client.call('sql.run', { sql: "SELECT '中文' AS t, 12345678901234567::BIGINT AS b" });
    expect(result.kind === 'rows' && result.rowCount).toBe(1);
    socket.close();
  });
});
