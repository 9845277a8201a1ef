/**
 * `--workspace PATH` or `--workspace=PATH` from a command line, or null. Main reads it from its own
 * argv (Chromium switches and the app path are ignored) and passes it on to the engine process.
 */
export function workspaceArgument(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--workspace') {
      const value = argv[i + 1];
      return value !== undefined && value !== '' && !value.startsWith('--') ? value : null;
    }
    if (arg?.startsWith('--workspace=')) {
      const value = arg.slice('--workspace='.length);
      return value !== '' ? value : null;
    }
  }
  return null;
}
