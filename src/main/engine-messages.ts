/**
 * Messages between main and the engine's utility process (not the UI protocol, which travels on
 * the MessagePort): main hands over ports; the engine reports start-up and demo progress.
 */
export type MainToEngineMessage = { type: 'engine-port' };

export type EngineToMainMessage =
  | { type: 'engine-ready'; workspacePath: string; hasData: boolean }
  | { type: 'demo-progress'; fraction: number; message: string }
  | { type: 'demo-done'; customers: number; elapsedMs: number }
  | { type: 'engine-error'; message: string; fatal: boolean };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isMainToEngineMessage(value: unknown): value is MainToEngineMessage {
  return isRecord(value) && value.type === 'engine-port';
}

export function isEngineToMainMessage(value: unknown): value is EngineToMainMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'engine-ready':
      return typeof value.workspacePath === 'string' && typeof value.hasData === 'boolean';
    case 'demo-progress':
      return typeof value.fraction === 'number' && typeof value.message === 'string';
    case 'demo-done':
      return typeof value.customers === 'number' && typeof value.elapsedMs === 'number';
    case 'engine-error':
      return typeof value.message === 'string' && typeof value.fatal === 'boolean';
    default:
      return false;
  }
}
