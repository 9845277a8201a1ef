import type { ConnectionState } from '../state/engine-connection';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../../shared/i18n/messages-en';

/** Full-window screen while connecting, or when the engine refused or dropped the connection. */
export function ConnectionScreen({ state }: { state: Exclude<ConnectionState, { status: 'connected' }> }) {
  const { t } = useI18n();
  let title: MessageKey;
  let hint: MessageKey | null = null;
  if (state.status === 'connecting') {
    title = state.slow ? 'connection.timeout' : 'connection.connecting';
    hint = state.slow ? 'connection.timeoutHint' : null;
  } else if (state.failure === 'no-token') {
    title = 'connection.noToken';
    hint = 'connection.noTokenHint';
  } else if (state.failure === 'refused') {
    title = 'connection.refused';
    hint = 'connection.refusedHint';
  } else {
    title = 'connection.lost';
    hint = 'connection.lostHint';
  }
  const failed = state.status === 'failed';
  return (
    <div className={failed ? 'connection-screen failed' : 'connection-screen'} data-testid="connection-screen" data-state={failed ? state.failure : 'connecting'}>
      <div className="connection-card" role={failed ? 'alert' : 'status'}>
        {!failed && <div className="spinner" aria-hidden="true" />}
        <h1>{t(title)}</h1>
        {hint && <p>{t(hint)}</p>}
        {failed && state.detail && <p className="connection-detail">{t('connection.detail', { detail: state.detail })}</p>}
        {failed && state.failure !== 'no-token' && (
          <button type="button" className="button primary" onClick={() => window.location.reload()}>
            {t('connection.reload')}
          </button>
        )}
      </div>
    </div>
  );
}
