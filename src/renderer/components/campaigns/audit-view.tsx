import { useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError } from '../../../shared/errors';
import type { MethodResult } from '../../../shared/methods';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useEngineQuery } from '../../state/use-engine-query';

type Verify = MethodResult<'audit.verify'>;

interface ExportDetails {
  subject?: { kind?: string; name?: string; version?: number | null };
  format?: string;
  splitBy?: string | null;
  rows?: number;
  masked?: boolean;
  files?: Array<{ path: string; rows: number; sha256: string }>;
}

function detailsOf(text: string): ExportDetails {
  try {
    return JSON.parse(text) as ExportDetails;
  } catch {
    return {};
  }
}

/** The audit log (审计): every export and unmasking, newest first; Verify re-hashes the exported files. */
export function AuditView({ client, active }: { client: EngineClient; active: boolean }) {
  const { t, intlLocale } = useI18n();
  const log = useEngineQuery(client, 'audit.list', { limit: 200 }, { active });
  const [verify, setVerify] = useState<Verify | null>(null);
  const [error, setError] = useState<string | null>(null);
  const statusOf = new Map((verify?.entries ?? []).flatMap((e) => e.files.map((f) => [`${e.auditId}:${f.path}`, f.status] as const)));
  const runVerify = async () => {
    setError(null);
    try {
      setVerify(await client.call('audit.verify', {}));
    } catch (failure) {
      setError(formatAppError(t, toAppError(failure)));
    }
  };
  return (
    <section className="campaign-audit" data-testid="campaign-audit">
      <div className="campaign-row">
        <h3>{t('campaigns.audit.title')}</h3>
        <button type="button" className="button" onClick={() => void runVerify()} data-testid="audit-verify">
          {t('campaigns.audit.verify')}
        </button>
        {verify && <span className={verify.ok ? 'muted' : 'error'} data-testid="audit-verify-result">{t(verify.ok ? 'campaigns.audit.allOk' : 'campaigns.audit.someChanged')}</span>}
      </div>
      {error && <p className="error">{error}</p>}
      <table className="funnel-table">
        <thead>
          <tr>
            <th>{t('campaigns.audit.at')}</th>
            <th>{t('campaigns.audit.user')}</th>
            <th>{t('campaigns.audit.action')}</th>
            <th>{t('campaigns.audit.what')}</th>
            <th>{t('campaigns.audit.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {(log.data ?? []).map((entry) => {
            const d = entry.action === 'export' ? detailsOf(entry.details) : null;
            return (
              <tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                <td>{entry.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{entry.osUser}</td>
                <td>{t(`campaigns.audit.action.${entry.action}` as MessageKey)}</td>
                <td>
                  {d && (
                    <>
                      <div>
                        {d.subject?.name ?? ''}
                        {d.subject?.version != null ? ` v${d.subject.version}` : ''} · {d.format} · {formatCount(d.rows ?? 0, intlLocale)} · {d.masked === false ? t('campaigns.audit.unmasked') : t('campaigns.audit.masked')}
                      </div>
                      <ul className="audit-files">
                        {(d.files ?? []).map((f) => {
                          const status = statusOf.get(`${entry.id}:${f.path}`);
                          return (
                            <li key={f.path} data-testid="audit-file" data-status={status ?? ''}>
                              <span className="path-cell">{f.path}</span> · {formatCount(f.rows, intlLocale)} · <span className="mono">{f.sha256.slice(0, 12)}…</span>
                              {status && <strong className={status === 'ok' ? 'ok' : 'error'}> {t(`campaigns.audit.status.${status}` as MessageKey)}</strong>}
                            </li>
                          );
                        })}
                      </ul>
                    </>
                  )}
                </td>
                <td>{entry.reason ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
