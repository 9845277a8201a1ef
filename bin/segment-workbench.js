#!/usr/bin/env node
// The package's command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/cli/index.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('segment-workbench is not built yet: run `npm run build` in its folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
