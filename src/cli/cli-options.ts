import path from 'node:path';
import { defaultWorkspacePath } from '../engine/workspace-location';
import { AppError } from '../shared/errors';

export function workspaceOption(value: string | undefined): string {
  return value ? path.resolve(value) : defaultWorkspacePath();
}

export function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new AppError('INVALID_ARGUMENT', `--${name} expects a whole number, got "${value}"`, { option: name, value });
  }
  return parsed;
}
