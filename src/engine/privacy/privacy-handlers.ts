import type { Handlers } from '../rpc/handlers';
import type { Workspace } from '../workspace';
import { listAudit } from './audit-log';
import type { PrivacyControl } from './privacy-control';

type PrivacyMethod = 'privacy.unmask' | 'privacy.mask' | 'privacy.status' | 'audit.list';

export function createPrivacyHandlers(workspace: Workspace, control: PrivacyControl): Pick<Handlers, PrivacyMethod> {
  return {
    // Each writes an audit row: a queued write like any other.
    'privacy.unmask': (params, ctx) => workspace.write(ctx, (session) => control.unmask(session, params.reason, params.scope)),
    'privacy.mask': (_params, ctx) => workspace.write(ctx, (session) => control.mask(session)),
    'privacy.status': async () => control.status(),
    'audit.list': (params, ctx) => workspace.withSession(ctx, (session) => listAudit(session, params)),
  };
}
