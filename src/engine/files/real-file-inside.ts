import fs from 'node:fs';
import path from 'node:path';

/**
 * The one check both app-file servers (browser mode's static server, the desktop app's app://
 * protocol) make before serving a file of the built renderer: the path is inside the root, and so
 * is its real path once symbolic links of both are resolved — a link inside the folder to
 * /etc/passwd, or a linked folder, cannot lead out of it — and it is a regular file. Returns the
 * real path (what is served is what was checked), or null.
 */
export function realFileInside(root: string, file: string): string | null {
  const resolvedRoot = path.resolve(root);
  const resolvedFile = path.resolve(resolvedRoot, file);
  if (!isInside(resolvedRoot, resolvedFile)) return null;
  try {
    const realRoot = fs.realpathSync(resolvedRoot);
    const realFile = fs.realpathSync(resolvedFile);
    if (!isInside(realRoot, realFile)) return null;
    return fs.statSync(realFile).isFile() ? realFile : null;
  } catch {
    return null; // Missing, a dangling link, or unreadable.
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
