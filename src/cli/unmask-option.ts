import { AppError } from '../shared/errors';

/** Unmasking is recorded in the audit log with the user's reason: `--unmasked` needs `--reason TEXT`. */
export function unmaskReason(reason: string | undefined): string {
  if (reason === undefined || reason.trim().length < 2) {
    throw new AppError('INVALID_ARGUMENT', '--unmasked needs --reason TEXT (why you need personal data in clear; it goes into the audit log)', { option: 'reason' }, 'error.UNMASK_REQUIRED');
  }
  return reason;
}
