import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled resources folder (header synonyms, presets/): beside the packaged app
 * (process.resourcesPath/resources, electron-builder's extraResources), or the project's
 * resources/ seen from the source tree or from out/ (CLI bundle, Electron build). Null when none
 * is found: the engine then runs without the built-in presets.
 */
export function bundledResourcesDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    ...(packaged ? [path.join(packaged, 'resources')] : []),
    path.resolve(here, '../../resources'),
    path.resolve(here, '../resources'),
    path.resolve(here, '../../../resources'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'header-synonyms.json'))) ?? null;
}

/** resources/presets: the read-only built-in import presets (the demo bank's among them). */
export function bundledPresetsDir(): string | null {
  const root = bundledResourcesDir();
  const dir = root === null ? null : path.join(root, 'presets');
  return dir !== null && fs.existsSync(dir) ? dir : null;
}
