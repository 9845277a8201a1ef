import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isOwnOrigin, originOf } from '../../src/main/security/app-origin';
import { APP_SCHEME_PRIVILEGES, appResponseHeaders, contentTypeFor, resolveAppFile } from '../../src/main/security/app-protocol';
import { contentSecurityPolicy } from '../../src/main/security/content-security-policy';
import { isTrustedFrameUrl } from '../../src/main/security/ipc-sender-policy';
import { isNavigationAllowed, windowOpenDecision } from '../../src/main/security/navigation-policy';
import { isPermissionGranted } from '../../src/main/security/permission-policy';
import { isRequestAllowed, requestDecision } from '../../src/main/security/request-policy';
import { mainWindowOptions, secureWebPreferences } from '../../src/main/security/window-options';
import { userDataFolderFor } from '../../src/main/user-data-folder';

const APP_ONLY = [APP_ORIGIN];
const WITH_DEV = [APP_ORIGIN, 'http://localhost:5173'];

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')] as const;
  }));
}

describe('app origin', () => {
  it('rebuilds the origin of the custom scheme, which Node reports as "null"', () => {
    expect(originOf('app://renderer/index.html')).toBe('app://renderer');
    expect(originOf('APP://Renderer/x')).toBe('app://renderer');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
  });
  it('has no origin for host-less and unparsable URLs', () => {
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
  it('matches the whole origin, not a prefix', () => {
    expect(isOwnOrigin('app://renderer/a', APP_ONLY)).toBe(true);
    expect(isOwnOrigin('app://renderer.evil/a', APP_ONLY)).toBe(false);
    expect(isOwnOrigin('app://other/a', APP_ONLY)).toBe(false);
    expect(isOwnOrigin('app://renderer:8080/a', APP_ONLY)).toBe(false);
  });
});

describe('content security policy', () => {
  const csp = directives(contentSecurityPolicy());
  it('allows only the app itself by default', () => {
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
  });
  it('shuts plugins, <base>, framing and forms', () => {
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
  });
  it('never allows inline or evaluated script, nor remote sources', () => {
    const text = contentSecurityPolicy();
    expect(csp.get('script-src')).not.toMatch(/unsafe|http|\*/);
    expect(text).not.toContain('unsafe-eval');
    expect(text).not.toMatch(/https?:/);
    expect(text).not.toContain('*');
  });
  it('limits inline styles to style attributes (ECharts tooltips), not <style> blocks', () => {
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('style-src-attr')).toBe("'unsafe-inline'");
    expect(csp.get('style-src-elem')).toBeUndefined(); // falls back to style-src 'self'
  });
  it('allows images from the app, data: and blob: only', () => {
    expect(csp.get('img-src')).toBe("'self' data: blob:");
  });
});

describe('app:// protocol', () => {
  // A real renderer folder: what is served must exist, be a regular file and stay inside it once links are resolved.
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sw-app-root-')));
  fs.mkdirSync(path.join(root, 'assets'));
  for (const file of ['index.html', 'assets/index-abc.js', 'assets/中文.json', 'assets/c.js']) fs.writeFileSync(path.join(root, file), 'x');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const inRoot = (file: string | null): boolean => file !== null && !path.relative(root, file).startsWith('..') && !path.isAbsolute(path.relative(root, file));

  it('registers app:// as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges.standard).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges.secure).toBe(true);
  });
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppFile(APP_ENTRY_URL, root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://renderer/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://renderer', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://renderer/assets/index-abc.js?v=1#x', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile('app://renderer/assets/%E4%B8%AD%E6%96%87.json', root)).toBe(path.join(root, 'assets', '中文.json'));
  });
  it('refuses path traversal, plain and percent-encoded', () => {
    for (const url of [
      'app://renderer/..%2f..%2f..%2fetc%2fpasswd',
      'app://renderer/..%2F..%2Fsecret',
      'app://renderer/assets/..%2f..%2f..%2fmain%2findex.js',
      'app://renderer/%2e%2e%2f%2e%2e%2fetc/passwd',
      'app://renderer/assets%2f..%2f..%2fpackage.json',
      'app://renderer/..%5c..%5cwindows%5csystem.ini',
      'app://renderer/a%5cb',
      'app://renderer/C%3A%5Cwindows',
      'app://renderer/x%00.html',
      'app://renderer/%E0%A4%A', // malformed escape
      'app://renderer/%2Fetc%2Fpasswd',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
  it('keeps whatever the URL parser normalises inside the root', () => {
    // The WHATWG parser resolves literal and %2e dot segments before we see them: they cannot climb
    // above the URL's root, so the result still lies under the renderer folder.
    for (const url of ['app://renderer/../../etc/passwd', 'app://renderer/%2e%2e/%2e%2e/etc/passwd', 'app://renderer/a/./b/../c.js']) {
      const file = resolveAppFile(url, root);
      expect(file === null || inRoot(file), url).toBe(true);
    }
  });
  it('refuses a symbolic link inside the folder that leads out of it, a folder, and a missing file', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'assets', 'linked.txt'));
    fs.symlinkSync(outside, path.join(root, 'linked-folder'));
    try {
      expect(resolveAppFile('app://renderer/assets/linked.txt', root)).toBeNull();
      expect(resolveAppFile('app://renderer/linked-folder/secret.txt', root)).toBeNull();
      expect(resolveAppFile('app://renderer/assets', root)).toBeNull();
      expect(resolveAppFile('app://renderer/assets/missing.js', root)).toBeNull();
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
  it('refuses other schemes, other hosts and credentials', () => {
    expect(resolveAppFile('file:///srv/app/out/renderer/index.html', root)).toBeNull();
    expect(resolveAppFile('http://renderer/index.html', root)).toBeNull();
    expect(resolveAppFile('app://other/index.html', root)).toBeNull();
    expect(resolveAppFile('app://user:pw@renderer/index.html', root)).toBeNull();
    expect(resolveAppFile('::::', root)).toBeNull();
  });
  it('serves JavaScript as JavaScript (module scripts require it) and unknown types opaquely', () => {
    expect(contentTypeFor('a/index-x.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('style.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
  it('sends the CSP and nosniff with every file', () => {
    const headers = appResponseHeaders('index.html');
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('navigation policy', () => {
  it('allows navigation within the app origin', () => {
    expect(isNavigationAllowed('app://renderer/index.html#/segments', APP_ONLY)).toBe(true);
  });
  it('denies http(s), file:, javascript:, other app hosts and other schemes', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://evil/index.html',
      'app://renderer.evil.com/',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(isNavigationAllowed(url, APP_ONLY), url).toBe(false);
    }
  });
  it('allows the dev server only when it is one of the allowed origins', () => {
    expect(isNavigationAllowed('http://localhost:5173/', APP_ONLY)).toBe(false);
    expect(isNavigationAllowed('http://localhost:5173/', WITH_DEV)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5174/', WITH_DEV)).toBe(false);
  });
  it('lets DevTools move among its own pages only', () => {
    expect(isNavigationAllowed('devtools://devtools/bundled/x.html', APP_ONLY, 'devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(isNavigationAllowed('devtools://devtools/bundled/x.html', APP_ONLY, 'app://renderer/index.html')).toBe(false);
    expect(isNavigationAllowed('https://example.com/', APP_ONLY, 'devtools://devtools/bundled/inspector.html')).toBe(false);
  });
  it('denies every window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('request policy', () => {
  it('allows the app origin, DevTools and in-memory data:/blob: URLs', () => {
    expect(isRequestAllowed('app://renderer/assets/index.js', APP_ONLY)).toBe(true);
    expect(isRequestAllowed('devtools://devtools/bundled/devtools_app.html', APP_ONLY)).toBe(true);
    expect(isRequestAllowed('data:image/png;base64,AAAA', APP_ONLY)).toBe(true);
    expect(isRequestAllowed('blob:app://renderer/0b0c2e5a-1', APP_ONLY)).toBe(true);
  });
  it('cancels http, https, ws, wss, file, ftp and other app hosts', () => {
    for (const url of [
      'http://example.com/',
      'https://example.com/x.js',
      'http://127.0.0.1:9999/api',
      'ws://127.0.0.1:1234/',
      'wss://example.com/socket',
      'file:///etc/passwd',
      'ftp://example.com/',
      'app://other/index.html',
      'chrome-extension://abc/x.js',
      'garbage',
    ]) {
      expect(requestDecision(url, APP_ONLY), url).toEqual({ cancel: true });
    }
    expect(requestDecision('app://renderer/index.html', APP_ONLY)).toEqual({ cancel: false });
  });
  it('in development allows the loopback dev server and its HMR socket, nothing else', () => {
    expect(isRequestAllowed('http://localhost:5173/src/main.tsx', WITH_DEV)).toBe(true);
    expect(isRequestAllowed('ws://localhost:5173/', WITH_DEV)).toBe(true);
    expect(isRequestAllowed('ws://localhost:5173/', APP_ONLY)).toBe(false);
    expect(isRequestAllowed('ws://localhost:9999/', WITH_DEV)).toBe(false);
    expect(isRequestAllowed('https://localhost:5173/', WITH_DEV)).toBe(false);
  });
});

describe('IPC sender policy', () => {
  it('trusts only frames showing the app origin', () => {
    expect(isTrustedFrameUrl('app://renderer/index.html', APP_ONLY)).toBe(true);
    expect(isTrustedFrameUrl('https://evil.example/', APP_ONLY)).toBe(false);
    expect(isTrustedFrameUrl('file:///tmp/x.html', APP_ONLY)).toBe(false);
    expect(isTrustedFrameUrl('app://other/', APP_ONLY)).toBe(false);
    expect(isTrustedFrameUrl('about:blank', APP_ONLY)).toBe(false);
    expect(isTrustedFrameUrl('', APP_ONLY)).toBe(false);
  });
  it('does not trust a destroyed or missing frame', () => {
    expect(isTrustedFrameUrl(null, APP_ONLY)).toBe(false);
    expect(isTrustedFrameUrl(undefined, APP_ONLY)).toBe(false);
  });
});

describe('permissions', () => {
  it('refuses every permission', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'unknown']) {
      expect(isPermissionGranted(permission), permission).toBe(false);
    }
  });
});

describe('window options', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
    });
  });
  it('enables DevTools only when asked (development)', () => {
    expect(secureWebPreferences('p', true).devTools).toBe(true);
  });
  it('creates the window hidden until ready, titled for the product', () => {
    const options = mainWindowOptions('p', false);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Segment Workbench');
    expect(options.webPreferences.sandbox).toBe(true);
  });
});

/**
 * The `name: scalar` pairs directly under the top-level mapping `key:` of a YAML file (nested
 * lists and mappings below it are skipped) — enough for the builder configuration's blocks.
 */
function yamlBlock(text: string, key: string): Record<string, string> {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line === `${key}:`);
  if (start < 0) throw new Error(`no top-level ${key}: block`);
  const block: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!line.startsWith('  ')) break;
    const match = /^ {2}([A-Za-z]+):\s*([^#\s]+)\s*(#.*)?$/.exec(line);
    if (match) block[match[1]!] = match[2]!;
  }
  return block;
}

describe('packaging (build/electron-builder.yml)', () => {
  const yml = fs.readFileSync(path.join(__dirname, '../../build/electron-builder.yml'), 'utf8');

  it('flips every security fuse, including asar integrity and no extra file:// privileges', () => {
    expect(yamlBlock(yml, 'electronFuses')).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
    expect(yml).toMatch(/^asar: true$/m);
  });

  it('names only fuses electron-builder knows (a misspelt one would be dropped silently)', () => {
    const scheme = JSON.parse(fs.readFileSync(path.join(__dirname, '../../node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(yamlBlock(yml, 'electronFuses'))) expect(known, fuse).toContain(fuse);
  });

  it('holds no signing secret and does not force signing (certificates come from the environment)', () => {
    expect(yml).toMatch(/^forceCodeSigning: false$/m);
    expect(yml).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificateFile|certificatePassword|appleId|appleIdPassword)\s*:/m);
    expect(yamlBlock(yml, 'mac')).toMatchObject({ hardenedRuntime: 'true', notarize: 'true' });
  });

  it('never loads the app from file:// (so the file-protocol fuse can stay off)', () => {
    const mainSources = fs.readdirSync(path.join(__dirname, '../../src/main'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const file of mainSources) {
      const text = fs.readFileSync(path.join(__dirname, '../../src/main', file), 'utf8');
      expect(text, file).not.toMatch(/\.loadFile\(|['"`]file:\/\//);
    }
  });
});

describe('user data folder', () => {
  it('is a per-workspace folder inside the OS user-data folder, never the workspace folder', () => {
    const folder = userDataFolderFor('/home/a/.config/Segment Workbench', '/data/bank/workspace.duckdb', 'linux');
    expect(folder.startsWith('/home/a/.config/Segment Workbench/workspaces/')).toBe(true);
    expect(folder).not.toContain('/data/bank');
    expect(userDataFolderFor('/u', '/data/other.duckdb', 'linux')).not.toBe(userDataFolderFor('/u', '/data/bank/workspace.duckdb', 'linux'));
    expect(userDataFolderFor('/u', '/data/../data/w.duckdb', 'linux')).toBe(userDataFolderFor('/u', '/data/w.duckdb', 'linux'));
    expect(userDataFolderFor('/u', '/Data/W.duckdb', 'darwin')).toBe(userDataFolderFor('/u', '/data/w.duckdb', 'darwin'));
  });
});
