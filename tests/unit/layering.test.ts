import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md §4: shared ← engine ← hosts (main, server, cli); renderer sees only shared; preload
 * sees only electron. Engine never imports Electron or React; shared imports nothing of Node or
 * the DOM's environment-specific modules.
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

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = layerOf(file);
    if (!layer) {
      found.push(`${path.relative(SRC, file)} is outside the known layers`);
      continue;
    }
    for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = layerOf(path.resolve(path.dirname(file), specifier));
        if (target && !ALLOWED[layer].includes(target)) found.push(`${path.relative(SRC, file)} (${layer}) imports ${specifier} (${target})`);
      } else if (FORBIDDEN_PACKAGES[layer]?.test(specifier)) {
        found.push(`${path.relative(SRC, file)} (${layer}) imports package ${specifier}`);
      }
    }
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

  it('finds static, re-export, side-effect and dynamic imports', () => {
    expect(importsOf("import a from 'x';\nexport { b } from './y';\nimport './z.css';\nconst c = import('w');")).toEqual(['x', './y', './z.css', 'w']);
  });
});
