import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors';

/** The built renderer: beside the bundled CLI (out/cli → out/renderer) or from the source tree. */
export function rendererRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../out/renderer')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
  if (!found) throw new AppError('NOT_FOUND', 'the app is not built yet: run `npm run build` first', { looked: candidates.join(', ') });
  return found;
}
