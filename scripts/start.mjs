// `npm start` / `npm run serve`: build what is stale, then run the CLI. A fresh clone builds once;
// later starts skip the build when nothing under src/ changed.
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['out/cli/index.js', 'out/renderer/index.html', 'out/main/index.js'].map((p) => path.join(root, p));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = Math.min(...outputs.map((p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0)));
if (builtAt < newestMtime(path.join(root, 'src'))) {
  process.stderr.write('Building Segment Workbench…\n');
  execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const args = process.argv.slice(2);
const command = args[0] === 'serve' ? args : ['start', ...args];
const child = spawn(process.execPath, [path.join(root, 'out/cli/index.js'), ...command], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
