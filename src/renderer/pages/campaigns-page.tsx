import { useEffect, useMemo, useState } from 'react';
import type { SavedCampaign } from '../../shared/campaign-types';
import type { MethodParams } from '../../shared/methods';
import { isCancellation, toAppError } from '../../shared/errors';
import { AuditView } from '../components/campaigns/audit-view';
import { dayAfter } from '../components/campaigns/campaign-from-analysis';
import { buildable, cellsValid, draftOf, newCampaign, type CampaignDraft } from '../components/campaigns/campaign-draft';
import { CampaignExportDialog } from '../components/campaigns/campaign-export-dialog';
import { CampaignForm } from '../components/campaigns/campaign-form';
import { CampaignListPreview } from '../components/campaigns/campaign-list-preview';
import { CampaignResults } from '../components/campaigns/campaign-results';
import { formatCount } from '../format/number-format';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../../shared/i18n/messages-en';
import { useEngineQuery } from '../state/use-engine-query';
import { useUnsavedGuard } from '../state/use-unsaved-guard';
import type { PageProps } from './page-props';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DOUBLE|FLOAT|REAL|DECIMAL)/;

/**
 * Campaigns (营销活动): from saved segments to a ready-to-send target list. The waterfall is built
 * live as the definition is edited (a superseded build is cancelled); saving keeps a new version;
 * finalising freezes the members and writes the planned contacts; every export is audited.
 */
export function CampaignsPage({ client, active }: PageProps) {
  const { t, intlLocale } = useI18n();
  const today = new Date().toISOString().slice(0, 10);
  const [draft, setDraft] = useState<CampaignDraft>(() => newCampaign(today));
  const [saved, setSaved] = useState<SavedCampaign | null>(null);
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState<'edit' | 'audit'>('edit');
  const [exporting, setExporting] = useState(false);
  const [confirmFinal, setConfirmFinal] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const list = useEngineQuery(client, 'campaign.list', {}, { active });
  const segments = useEngineQuery(client, 'segment.list', {}, { active });
  const columns = useEngineQuery(client, 'profile.columns', {}, { active });
  const summary = useEngineQuery(client, 'profile.summary', {}, { active });
  const asOf = summary.data?.asOf ?? null;
  // A new campaign is planned for the day after the data's analysis date, not the wall clock's today.
  useEffect(() => {
    if (asOf !== null && saved === null && !dirty) setDraft((d) => ({ ...d, plannedDate: dayAfter(asOf) }));
  }, [asOf, saved, dirty]);
  const fields = useMemo(() => (columns.data ?? []).map((c) => c.name), [columns.data]);
  const numericFields = useMemo(() => (columns.data ?? []).filter((c) => NUMERIC.test(c.type) || c.name === 'branch_id' || c.name === 'rm_id' || c.name === 'value_tier').map((c) => c.name), [columns.data]);
  const fresh = () => newCampaign(asOf !== null ? dayAfter(asOf) : today);
  const final = saved?.status === 'final';
  const build = useEngineQuery(client, 'campaign.build', buildable(draft) ? { target: { definition: draft } } : null, { debounceMs: 400, supersede: 'campaign.build', active: active && tab === 'edit' });
  const result = build.data?.campaigns[0] ?? null;
  const [showList, setShowList] = useState(false);
  const target: MethodParams<'campaign.export'>['target'] = saved && !dirty ? { id: saved.id } : { definition: draft };

  const leaveOk = useUnsavedGuard(dirty, t('campaigns.unsavedConfirm'));

  const patch = (change: (d: CampaignDraft) => CampaignDraft) => {
    setDraft(change);
    setDirty(true);
  };
  const act = async (what: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (reason) {
      if (!isCancellation(reason)) setMessage({ ok: false, text: formatAppError(t, toAppError(reason)) });
    }
  };
  const open = (id: string) =>
    act(async () => {
      const campaign = await client.call('campaign.get', { id });
      setSaved(campaign);
      setDraft(draftOf(campaign));
      setDirty(false);
      return t('campaigns.opened', { name: campaign.name, version: campaign.version });
    });
  const save = () =>
    act(async () => {
      const campaign = await client.call('campaign.save', { definition: { ...draft, ...(saved ? { id: saved.id } : {}) } });
      setSaved(campaign);
      setDraft(draftOf(campaign));
      setDirty(false);
      list.reload();
      return t('campaigns.savedVersion', { name: campaign.name, version: campaign.version });
    });
  const finalise = () =>
    act(async () => {
      setConfirmFinal(false);
      const r = await client.call('campaign.finalise', { id: saved!.id });
      setSaved(r.campaign);
      list.reload();
      return t('campaigns.finalised', { contacts: formatCount(r.contactsWritten, intlLocale) });
    });
  const remove = (id: string) =>
    act(async () => {
      await client.call('campaign.delete', { id });
      if (saved?.id === id) {
        setSaved(null);
        setDraft(fresh());
        setDirty(false);
      }
      list.reload();
      return t('campaigns.deleted');
    });

  return (
    <div className="page campaigns-page" data-testid="campaigns-page" data-dirty={dirty ? 'true' : 'false'}>
      <aside className="campaign-list">
        <div className="campaign-row">
          <h2>{t('nav.targets')}</h2>
          <button
            type="button"
            className="button"
            data-testid="campaign-new"
            onClick={() => {
              if (!leaveOk()) return;
              setSaved(null);
              setDraft(fresh());
              setDirty(false);
              setTab('edit');
            }}
          >
            {t('campaigns.new')}
          </button>
        </div>
        <ul>
          {(list.data ?? []).map((c) => (
            <li key={c.id} className={c.id === saved?.id ? 'active' : undefined} data-testid={`campaign-item-${c.id}`}>
              <button type="button" className="link-button" onClick={() => leaveOk() && void open(c.id)}>
                {c.name}
              </button>
              <span className="muted">
                {t(`campaigns.status.${c.status}` as MessageKey)} · v{c.version} · {c.plannedDate}
              </span>
              {c.status === 'draft' && (
                <button type="button" className="link-button" onClick={() => window.confirm(t('campaigns.deleteConfirm', { name: c.name })) && void remove(c.id)}>
                  {t('campaigns.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
        <div className="campaign-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'edit'} className={tab === 'edit' ? 'tab active' : 'tab'} onClick={() => setTab('edit')}>
            {t('campaigns.tab.edit')}
          </button>
          <button type="button" role="tab" aria-selected={tab === 'audit'} className={tab === 'audit' ? 'tab active' : 'tab'} onClick={() => setTab('audit')} data-testid="campaign-tab-audit">
            {t('campaigns.tab.audit')}
          </button>
        </div>
      </aside>

      {tab === 'audit' ? (
        <AuditView client={client} active={active} />
      ) : (
        <>
          <section className="campaign-editor">
            {final && <p className="campaign-final" data-testid="campaign-final">{t('campaigns.finalNote', { at: saved?.finalisedAt?.slice(0, 10) ?? '' })}</p>}
            <CampaignForm draft={draft} patch={patch} segments={segments.data ?? []} fields={numericFields.length > 0 ? numericFields : fields} readOnly={final} />
            <div className="campaign-actions">
              <button type="button" className="button primary" disabled={final || !buildable(draft)} onClick={() => void save()} data-testid="campaign-save">
                {t('campaigns.save')}
              </button>
              <button type="button" className="button" disabled={!result} onClick={() => setExporting(true)} data-testid="campaign-export">
                {t('campaigns.export')}
              </button>
              <button type="button" className="button danger" disabled={!saved || final || dirty} onClick={() => setConfirmFinal(true)} data-testid="campaign-finalise">
                {t('campaigns.finalise')}
              </button>
              {dirty && <span className="muted">{t('campaigns.unsaved')}</span>}
            </div>
            {message && (
              <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="campaign-message">
                {message.text}
              </p>
            )}
          </section>
          <section className="campaign-result-panel">
            {!buildable(draft) && <p className="muted">{t(cellsValid(draft) ? 'campaigns.needSelection' : 'campaigns.control.fixCells')}</p>}
            {build.pending && <p className="muted" data-testid="campaign-building">{t('campaigns.building')}</p>}
            {build.error && buildable(draft) && (
              <p className="error" role="alert" data-testid="campaign-error">
                {formatAppError(t, build.error)}
              </p>
            )}
            {result && <CampaignResults build={result} />}
            {result && (
              <div className="campaign-list-toggle">
                <button type="button" className="button" aria-expanded={showList} onClick={() => setShowList((v) => !v)} data-testid="campaign-show-list">
                  {t(showList ? 'campaigns.hideList' : 'campaigns.showList')}
                </button>
                {showList && <CampaignListPreview client={client} target={target} active={active && tab === 'edit'} />}
              </div>
            )}
          </section>
        </>
      )}

      {confirmFinal && saved && (
        <div className="modal-backdrop" role="presentation">
          <div className="modal" role="alertdialog" aria-modal="true" data-testid="campaign-finalise-dialog">
            <h3>{t('campaigns.finaliseTitle', { name: saved.name })}</h3>
            <p>{t('campaigns.finaliseBody', { members: formatCount(result?.members ?? 0, intlLocale) })}</p>
            <div className="modal-buttons">
              <button type="button" className="button" autoFocus onClick={() => setConfirmFinal(false)}>
                {t('campaigns.keepDraft')}
              </button>
              <button type="button" className="button danger" onClick={() => void finalise()} data-testid="campaign-finalise-confirm">
                {t('campaigns.finalise')}
              </button>
            </div>
          </div>
        </div>
      )}
      {exporting && <CampaignExportDialog client={client} target={target} campaignName={draft.name} onClose={() => setExporting(false)} />}
    </div>
  );
}
