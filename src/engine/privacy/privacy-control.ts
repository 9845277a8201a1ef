import { AppError } from '../../shared/errors';
import type { PrivacyStatus } from '../../shared/privacy-methods';
import type { Handlers } from '../rpc/handlers';
import type { Session } from '../workspace';
import { recordAudit } from './audit-log';

/**
 * Whether the engine shows personal data in clear. Masked until the user unmasks with a reason
 * (recorded in the audit log); a request that asks for clear values (`unmasked: true`) while the
 * engine is masked is refused, so the flag alone — from a script or a compromised renderer — is
 * not enough. One state for the engine (every window of the app, every browser tab): the unmask
 * is the user's deliberate act on this workspace, until she masks again or the engine stops.
 */
export class PrivacyControl {
  private grant: { reason: string; since: string } | null = null;

  get unmasked(): boolean {
    return this.grant !== null;
  }

  status(): PrivacyStatus {
    return { unmasked: this.grant !== null, reason: this.grant?.reason ?? null, since: this.grant?.since ?? null };
  }

  async unmask(session: Session, reason: string, scope: string): Promise<PrivacyStatus & { auditId: string }> {
    const entry = await recordAudit(session, { action: 'unmask', reason, details: { scope } });
    this.grant = { reason, since: entry.at };
    return { ...this.status(), auditId: entry.id };
  }

  async mask(session: Session): Promise<PrivacyStatus> {
    if (this.grant !== null) await recordAudit(session, { action: 'mask', reason: null, details: { unmaskedSince: this.grant.since } });
    this.grant = null;
    return this.status();
  }

  /** Throws unless the user has unmasked (with a reason). */
  requireUnmasked(method: string): void {
    if (this.grant === null) {
      throw new AppError('INVALID_ARGUMENT', `${method} asks for personal data in clear, but it is masked: unmask first (privacy.unmask, with a reason)`, { method }, 'error.UNMASK_REQUIRED');
    }
  }
}

const asksForClear = (params: unknown) => typeof params === 'object' && params !== null && (params as { unmasked?: unknown }).unmasked === true;

/** Every handler, refusing `unmasked: true` while the engine is masked (one check for every method that has the flag). */
export function guardUnmaskedRequests(handlers: Handlers, control: PrivacyControl): Handlers {
  const guarded: Record<string, (params: unknown, ctx: never) => Promise<unknown>> = {};
  for (const [method, handler] of Object.entries(handlers) as Array<[string, (params: unknown, ctx: never) => Promise<unknown>]>) {
    guarded[method] = async (params, ctx) => {
      if (asksForClear(params)) control.requireUnmasked(method);
      return handler(params, ctx);
    };
  }
  return guarded as unknown as Handlers;
}
