import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md §4: shared ← engine ← hosts (main, server, cli); renderer sees only shared; preload
 * sees only electron. Engine never imports Electron or React; shared imports nothing of Node or
 * the DOM's environment-specific modules. shared and engine never touch the DOM's globals (they run
 * in Node, in the CLI and the server too); the renderer never imports a Node built-in module (it
 * has no Node access: everything goes through the engine's protocol).
 */
const SRC = path.resolve(__dirname, '../../src');
const LAYERS = ['shared', 'engine', 'main', 'preload', 'server', 'cli', 'renderer'] as const;
type Layer = (typeof LAYERS)[number];

const ALLOWED: Record<Layer, Layer[]> = {
  shared: ['shared'],
  engine: ['engine', 'shared'],
  main: ['main', 'engine', 'shared'],
  preload: ['preload'],
  server: ['server', 'engine', 'shared'],
  cli: ['cli', 'server', 'engine', 'shared'],
  renderer: ['renderer', 'shared'],
};

const FORBIDDEN_PACKAGES: Record<Layer, RegExp | null> = {
  shared: /^(node:|electron$|react|react-dom|@duckdb\/|ws$|fs$|path$)/,
  engine: /^(electron$|react|react-dom|echarts|ws$)/,
  main: /^(react|react-dom|echarts)/,
  preload: /^(?!electron$).*/,
  server: /^(electron$|react|react-dom)/,
  cli: /^(react|react-dom)/,
  renderer: /^(node:|electron$|@duckdb\/|ws$|fs$|path$|child_process$)/,
};

/** Every Node built-in, by its bare name (fs, path, os, crypto, child_process, url, buffer, stream, …). */
const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/^node:/, '')));

/** A Node built-in module: any `node:` specifier, or a bare built-in name or its subpath (fs/promises). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

const LAYERS_WITHOUT_NODE: ReadonlySet<Layer> = new Set(['renderer']);
const LAYERS_WITHOUT_DOM: ReadonlySet<Layer> = new Set(['shared', 'engine']);

/** The browser's globals that shared and engine code must not reach for. */
const DOM_GLOBALS = new Set([
  'window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'indexedDB', 'self',
  'alert', 'confirm', 'prompt', 'requestAnimationFrame', 'cancelAnimationFrame', 'getComputedStyle', 'matchMedia',
  'customElements', 'Node', 'Element', 'HTMLElement', 'HTMLCanvasElement', 'HTMLInputElement', 'SVGElement',
  'Document', 'Window', 'DOMParser', 'MutationObserver', 'ResizeObserver', 'IntersectionObserver',
  'XMLHttpRequest', 'Image', 'FileReader', 'DataTransfer', 'ClipboardEvent', 'KeyboardEvent', 'MouseEvent',
]);

/** Names a file declares itself (a parameter called `window` is not the browser's window). */
function declaredNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node) || ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/** Where an identifier is a name of something else, not a reference to a global: `x.window`, `{ window: 1 }`, `interface { document: T }`. */
function isNameNotReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return true;
  if (ts.isQualifiedName(parent) && parent.right === id) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) && parent.name === id) return true;
  if (ts.isJsxAttribute(parent) || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return true;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return true;
  return false;
}

/** The DOM globals a source file refers to (comments and strings do not count), as `name:line`. */
export function domGlobalsIn(source: string, fileName = 'probe.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const declared = declaredNames(file);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text) && !declared.has(node.text) && !isNameNotReference(node)) {
      found.push(`${node.text}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

function layerOf(file: string): Layer | null {
  const top = path.relative(SRC, file).split(path.sep)[0];
  return (LAYERS as readonly string[]).includes(top ?? '') ? (top as Layer) : null;
}

/** What is wrong with one source file of a layer (its path relative to src/ names it). */
export function fileViolations(relative: string, layer: Layer, source: string): string[] {
  const found: string[] = [];
  const file = path.join(SRC, relative);
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const resolved = path.resolve(path.dirname(file), specifier);
      const target = layerOf(resolved);
      if (target && !ALLOWED[layer].includes(target)) found.push(`${relative} (${layer}) imports ${specifier} (${target})`);
    } else if (FORBIDDEN_PACKAGES[layer]?.test(specifier)) {
      found.push(`${relative} (${layer}) imports package ${specifier}`);
    } else if (LAYERS_WITHOUT_NODE.has(layer) && isNodeBuiltin(specifier)) {
      found.push(`${relative} (${layer}) imports the Node built-in ${specifier}`);
    }
  }
  if (LAYERS_WITHOUT_DOM.has(layer)) {
    for (const use of domGlobalsIn(source, relative)) found.push(`${relative} (${layer}) uses the DOM global ${use}`);
  }
  return found;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = layerOf(file);
    const relative = path.relative(SRC, file);
    if (!layer) {
      found.push(`${relative} is outside the known layers`);
      continue;
    }
    found.push(...fileViolations(relative, layer, fs.readFileSync(file, 'utf8')));
  }
  return found;
}

describe('layering rules', () => {
  it('every import in src/ respects the layer rules', () => {
    expect(violations()).toEqual([]);
  });

  it('the rule check itself catches a forbidden import', () => {
    const probe = path.join(SRC, 'renderer', '__layering_probe__.ts');
    fs.writeFileSync(probe, "import { Engine } from '../engine/engine';\nimport fs from 'node:fs';\n");
    try {
      const found = violations().filter((v) => v.includes('__layering_probe__'));
      expect(found).toHaveLength(2);
    } finally {
      fs.rmSync(probe);
    }
  });

  it('keeps the message catalogs in shared, so the CLI prints the app\'s text without reaching into the renderer', () => {
    expect(fileViolations('cli/probe.ts', 'cli', "import { createTranslate } from '../shared/i18n/i18n';")).toEqual([]);
    expect(fileViolations('cli/probe.ts', 'cli', "import { createTranslate } from '../renderer/i18n/i18n-context';")).toHaveLength(1);
  });

  it('refuses every Node built-in in the renderer, with or without node:, and subpaths', () => {
    const renderer = (source: string) => fileViolations('renderer/probe.ts', 'renderer', source);
    for (const builtin of ['os', 'crypto', 'url', 'buffer', 'stream', 'child_process', 'fs/promises', 'node:worker_threads', 'util', 'events', 'zlib', 'net']) {
      expect(renderer(`import x from '${builtin}';`), builtin).toEqual([expect.stringContaining(builtin)]);
    }
    expect(renderer("const m = import('node:os');")).toHaveLength(1);
    expect(renderer("import { z } from 'zod';\nimport { t } from '../shared/protocol';")).toEqual([]);
    // The engine may use Node (it runs in Node).
    expect(fileViolations('engine/probe.ts', 'engine', "import os from 'node:os';\nimport { createHash } from 'crypto';")).toEqual([]);
  });

  it('refuses DOM globals in shared and engine, not their names as properties, parameters or text', () => {
    expect(domGlobalsIn('const w = window.innerWidth;\ndocument.title = "x";\nlocalStorage.setItem("k", "v");')).toEqual(['window:1', 'document:2', 'localStorage:3']);
    expect(domGlobalsIn('if (typeof navigator !== "undefined") {}\nclass A extends HTMLElement {}\nconst e: HTMLElement | null = null;')).toEqual(['navigator:1', 'HTMLElement:2', 'HTMLElement:3']);
    // A segment's window is a property and a parameter here, not the browser's; comments and strings do not count.
    expect(domGlobalsIn('// the document says window\nconst c = { window: 3 };\nfunction f(window: number) { return window + c.window; }\nconst s = "document";\ninterface I { document: string }')).toEqual([]);
    const engine = fileViolations('engine/probe.ts', 'engine', 'export const width = () => window.innerWidth;');
    expect(engine).toEqual(['engine/probe.ts (engine) uses the DOM global window:1']);
    expect(fileViolations('shared/probe.ts', 'shared', 'export const agent = navigator.userAgent;')).toHaveLength(1);
    // The renderer may use them.
    expect(fileViolations('renderer/probe.ts', 'renderer', 'export const w = window.innerWidth;')).toEqual([]);
  });

  it('finds static, re-export, side-effect and dynamic imports', () => {
    expect(importsOf("import a from 'x';\nexport { b } from './y';\nimport './z.css';\nconst c = import('w');")).toEqual(['x', './y', './z.css', 'w']);
  });
});
