import type { ReactNode } from 'react';
import { codeLabel } from '../../../shared/data-dictionary';
import type { CampaignChannel, SuppressionKind } from '../../../shared/campaign-types';
import type { SegmentSummary } from '../../../shared/segment-types';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { CHANNEL_LIST, SUPPRESSION_KINDS, cellsTotal, cellsValid, newSuppression, type CampaignDraft, type SuppressionDraft } from './campaign-draft';
import { NumberAmountInput } from '../amount-input/number-amount-input';

type Patch = (change: (draft: CampaignDraft) => CampaignDraft) => void;


function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="campaign-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/**
 * The campaign definition, section by section in the order the engine applies it: who is selected,
 * who is removed, the contact policy, ranking and caps, the control group and cells, RM assignment
 * and the list's columns. Every code is shown by its business name.
 */
export function CampaignForm({ draft, patch, segments, fields, readOnly }: { draft: CampaignDraft; patch: Patch; segments: SegmentSummary[]; fields: string[]; readOnly: boolean }) {
  const { t, locale } = useI18n();
  const firstSegment = segments[0]?.id ?? null;
  const suppressions = draft.suppressions ?? [];
  const control = draft.control ?? {};
  const cells = control.cells ?? [];
  const caps = draft.caps ?? {};
  const policy = draft.contactPolicy ?? {};
  const rm = draft.rmAssignment ?? {};
  const setSuppression = (i: number, next: SuppressionDraft | null) =>
    patch((d) => ({ ...d, suppressions: (d.suppressions ?? []).flatMap((s, k) => (k === i ? (next === null ? [] : [next]) : [s])) }));
  const segmentSelect = (value: string, onChange: (id: string) => void, testId: string) => (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {segments.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
  const fieldSelect = (value: string | null, onChange: (field: string | null) => void, testId: string, allowNone = false) => (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} data-testid={testId}>
      {allowNone && <option value="">{t('campaigns.none')}</option>}
      {fields.map((f) => (
        <option key={f} value={f}>
          {f}
        </option>
      ))}
    </select>
  );

  return (
    <fieldset className="campaign-form" disabled={readOnly} data-testid="campaign-form">
      <Section title={t('campaigns.section.basics')}>
        <div className="campaign-grid">
          <label>
            {t('campaigns.field.name')}
            <input value={draft.name} onChange={(e) => patch((d) => ({ ...d, name: e.target.value }))} data-testid="campaign-name" />
          </label>
          <label>
            {t('campaigns.field.plannedDate')}
            <input type="date" value={draft.plannedDate} onChange={(e) => patch((d) => ({ ...d, plannedDate: e.target.value }))} data-testid="campaign-date" />
          </label>
          <label>
            {t('campaigns.field.owner')}
            <input value={draft.owner ?? ''} onChange={(e) => patch((d) => ({ ...d, owner: e.target.value }))} />
          </label>
          <label>
            {t('campaigns.field.product')}
            <input value={draft.product ?? ''} onChange={(e) => patch((d) => ({ ...d, product: e.target.value.trim() === '' ? null : e.target.value }))} data-testid="campaign-product" />
          </label>
          <label>
            {t('campaigns.field.priority')}
            <input type="number" min={1} className="short" value={draft.priority ?? 1} onChange={(e) => patch((d) => ({ ...d, priority: Math.max(1, Number(e.target.value) || 1) }))} />
          </label>
          <label className="wide">
            {t('campaigns.field.objective')}
            <input value={draft.objective ?? ''} onChange={(e) => patch((d) => ({ ...d, objective: e.target.value }))} />
          </label>
        </div>
        <div className="campaign-channels" role="group" aria-label={t('campaigns.field.channels')}>
          <span>{t('campaigns.field.channels')}</span>
          {CHANNEL_LIST.map((c) => (
            <label key={c} className="inline">
              <input
                type="checkbox"
                checked={draft.channels.includes(c)}
                data-testid={`campaign-channel-${c}`}
                onChange={(e) => patch((d) => ({ ...d, channels: e.target.checked ? [...d.channels, c] : d.channels.filter((x) => x !== c) }))}
              />
              {codeLabel('campaign_channel', c, locale)}
            </label>
          ))}
        </div>
      </Section>

      <Section title={t('campaigns.section.selection')}>
        {draft.selection.map((s, i) => (
          <div key={i} className="campaign-row" data-testid={`campaign-selection-${i}`}>
            {segmentSelect(s.segmentId, (id) => patch((d) => ({ ...d, selection: d.selection.map((x, k) => (k === i ? { ...x, segmentId: id } : x)) })), `campaign-selection-segment-${i}`)}
            <label className="inline">
              {t('campaigns.field.priority')}
              <input type="number" min={1} className="short" value={s.priority ?? 1} onChange={(e) => patch((d) => ({ ...d, selection: d.selection.map((x, k) => (k === i ? { ...x, priority: Math.max(1, Number(e.target.value) || 1) } : x)) }))} />
            </label>
            <button type="button" className="link-button" onClick={() => patch((d) => ({ ...d, selection: d.selection.filter((_, k) => k !== i) }))}>
              {t('campaigns.remove')}
            </button>
          </div>
        ))}
        {firstSegment === null ? (
          <p className="muted">{t('campaigns.noSegments')}</p>
        ) : (
          <button type="button" className="button" data-testid="campaign-add-segment" onClick={() => patch((d) => ({ ...d, selection: [...d.selection, { segmentId: segments.find((s) => !d.selection.some((x) => x.segmentId === s.id))?.id ?? firstSegment, priority: d.selection.length + 1 }] }))}>
            {t('campaigns.addSegment')}
          </button>
        )}
      </Section>

      <Section title={t('campaigns.section.suppressions')}>
        {suppressions.map((s, i) => (
          <div key={i} className="campaign-row" data-testid={`campaign-suppression-${i}`}>
            <label className="inline">
              <input type="checkbox" checked={s.enabled !== false} onChange={(e) => setSuppression(i, { ...s, enabled: e.target.checked })} />
              <strong>{t(`campaigns.step.${s.kind}` as MessageKey)}</strong>
            </label>
            {s.kind === 'minors' && (
              <label className="inline">
                {t('campaigns.field.minAge')}
                <input type="number" className="short" min={1} value={s.minAge ?? 18} onChange={(e) => setSuppression(i, { ...s, minAge: Math.max(1, Number(e.target.value) || 18) })} />
              </label>
            )}
            {s.kind === 'contact_fatigue' && (
              <>
                <label className="inline">
                  {t('campaigns.field.days')}
                  <input type="number" className="short" min={1} value={s.days} onChange={(e) => setSuppression(i, { ...s, days: Math.max(1, Number(e.target.value) || 1) })} data-testid={`campaign-fatigue-days-${i}`} />
                </label>
                <select value={s.channel ?? 'any'} onChange={(e) => setSuppression(i, { ...s, channel: e.target.value as 'any' | 'this' })}>
                  <option value="any">{t('campaigns.fatigue.any')}</option>
                  <option value="this">{t('campaigns.fatigue.this')}</option>
                </select>
              </>
            )}
            {s.kind === 'holds_product' && (
              <input placeholder={draft.product ?? t('campaigns.field.product')} value={s.product ?? ''} onChange={(e) => setSuppression(i, { kind: 'holds_product', ...(e.target.value.trim() === '' ? {} : { product: e.target.value }), ...(s.enabled === undefined ? {} : { enabled: s.enabled }) })} />
            )}
            {s.kind === 'segment' && segmentSelect(s.segmentId, (id) => setSuppression(i, { ...s, segmentId: id }), `campaign-suppression-segment-${i}`)}
            {(s.kind === 'id_list' || s.kind === 'staff') && 'segmentId' in s.source && segmentSelect(s.source.segmentId, (id) => setSuppression(i, { ...s, source: { segmentId: id } }), `campaign-suppression-list-${i}`)}
            <span className="muted">{t(`campaigns.stepHelp.${s.kind}` as MessageKey)}</span>
            <button type="button" className="link-button" onClick={() => setSuppression(i, null)}>
              {t('campaigns.remove')}
            </button>
          </div>
        ))}
        <select
          value=""
          data-testid="campaign-add-suppression"
          aria-label={t('campaigns.addSuppression')}
          onChange={(e) => {
            const next = newSuppression(e.target.value as SuppressionKind, firstSegment);
            if (next) patch((d) => ({ ...d, suppressions: [...(d.suppressions ?? []), next] }));
          }}
        >
          <option value="">{t('campaigns.addSuppression')}</option>
          {SUPPRESSION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`campaigns.step.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </Section>

      <Section title={t('campaigns.section.policy')}>
        <div className="campaign-row">
          <label className="inline">
            <input type="checkbox" checked={policy.maxContacts != null} onChange={(e) => patch((d) => ({ ...d, contactPolicy: { ...d.contactPolicy, maxContacts: e.target.checked ? { k: 2, days: 30 } : null } }))} data-testid="campaign-max-contacts" />
            {t('campaigns.policy.maxContacts')}
          </label>
          {policy.maxContacts != null && (
            <>
              <input type="number" className="short" min={1} value={policy.maxContacts.k} onChange={(e) => patch((d) => ({ ...d, contactPolicy: { ...d.contactPolicy, maxContacts: { k: Math.max(1, Number(e.target.value) || 1), days: d.contactPolicy?.maxContacts?.days ?? 30 } } }))} />
              <span>{t('campaigns.policy.per')}</span>
              <input type="number" className="short" min={1} value={policy.maxContacts.days} onChange={(e) => patch((d) => ({ ...d, contactPolicy: { ...d.contactPolicy, maxContacts: { k: d.contactPolicy?.maxContacts?.k ?? 1, days: Math.max(1, Number(e.target.value) || 1) } } }))} />
              <span>{t('campaigns.unit.days')}</span>
            </>
          )}
        </div>
        <label className="inline">
          <input type="checkbox" checked={policy.channelEligibility !== false} onChange={(e) => patch((d) => ({ ...d, contactPolicy: { ...d.contactPolicy, channelEligibility: e.target.checked } }))} />
          {t('campaigns.policy.eligibility')}
        </label>
        <label className="wide">
          {t('campaigns.policy.quietDates')}
          <input
            value={(policy.quietDates ?? []).join(', ')}
            placeholder="2026-10-01, 2026-10-02"
            onChange={(e) => patch((d) => ({ ...d, contactPolicy: { ...d.contactPolicy, quietDates: e.target.value.split(/[,\s]+/).filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x)) } }))}
          />
        </label>
      </Section>

      <Section title={t('campaigns.section.ranking')}>
        <div className="campaign-row">
          <span>{t('campaigns.ranking.by')}</span>
          {fieldSelect(draft.ranking?.by ?? null, (by) => patch((d) => ({ ...d, ranking: { ...d.ranking, by } })), 'campaign-rank-by', true)}
          <select value={draft.ranking?.direction ?? 'desc'} onChange={(e) => patch((d) => ({ ...d, ranking: { ...d.ranking, direction: e.target.value as 'asc' | 'desc' } }))}>
            <option value="desc">{t('campaigns.ranking.desc')}</option>
            <option value="asc">{t('campaigns.ranking.asc')}</option>
          </select>
        </div>
        <div className="campaign-row">
          <label className="inline">
            {t('campaigns.caps.total')}
            <NumberAmountInput className="short" value={caps.total ?? null} onValue={(n) => patch((d) => ({ ...d, caps: { ...d.caps, total: n === null ? null : Math.max(0, Math.floor(n)) } }))} testId="campaign-cap-total" />
          </label>
          {(caps.perGroup ?? []).map((g, i) => (
            <span key={i} className="inline">
              {t('campaigns.caps.top')}
              <input type="number" min={0} className="short" value={g.n} onChange={(e) => patch((d) => ({ ...d, caps: { ...d.caps, perGroup: (d.caps?.perGroup ?? []).map((x, k) => (k === i ? { ...x, n: Math.max(0, Math.floor(Number(e.target.value) || 0)) } : x)) } }))} />
              {t('campaigns.caps.per')}
              {fieldSelect(g.field, (field) => patch((d) => ({ ...d, caps: { ...d.caps, perGroup: (d.caps?.perGroup ?? []).map((x, k) => (k === i ? { ...x, field: field ?? x.field } : x)) } })), `campaign-cap-field-${i}`)}
              <button type="button" className="link-button" onClick={() => patch((d) => ({ ...d, caps: { ...d.caps, perGroup: (d.caps?.perGroup ?? []).filter((_, k) => k !== i) } }))}>
                {t('campaigns.remove')}
              </button>
            </span>
          ))}
          <button type="button" className="link-button" onClick={() => patch((d) => ({ ...d, caps: { ...d.caps, perGroup: [...(d.caps?.perGroup ?? []), { field: fields.includes('branch_id') ? 'branch_id' : fields[0]!, n: 100 }] } }))}>
            {t('campaigns.caps.addGroup')}
          </button>
        </div>
      </Section>

      <Section title={t('campaigns.section.control')}>
        <div className="campaign-row">
          <label className="inline">
            <input type="checkbox" checked={control.holdout != null} onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, holdout: e.target.checked ? { percent: 10 } : null } }))} data-testid="campaign-holdout" />
            {t('campaigns.control.holdout')}
          </label>
          {control.holdout != null && (
            <>
              <input
                type="number"
                min={0}
                className="short"
                data-testid="campaign-holdout-value"
                value={'percent' in control.holdout ? control.holdout.percent : control.holdout.count}
                onChange={(e) => {
                  const value = Math.max(0, Number(e.target.value) || 0);
                  patch((d) => ({ ...d, control: { ...d.control, holdout: d.control?.holdout && 'count' in d.control.holdout ? { count: Math.floor(value) } : { percent: Math.min(100, value) } } }));
                }}
              />
              <select value={'percent' in control.holdout ? 'percent' : 'count'} onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, holdout: e.target.value === 'count' ? { count: 100 } : { percent: 10 } } }))}>
                <option value="percent">%</option>
                <option value="count">{t('campaigns.control.customers')}</option>
              </select>
              <span>{t('campaigns.control.stratify')}</span>
              {(['value_tier', 'branch_id'] as const).filter((f) => fields.includes(f)).map((f) => (
                <label key={f} className="inline">
                  <input
                    type="checkbox"
                    checked={(control.stratifyBy ?? []).includes(f)}
                    onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, stratifyBy: e.target.checked ? [...(d.control?.stratifyBy ?? []), f] : (d.control?.stratifyBy ?? []).filter((x) => x !== f) } }))}
                  />
                  {f}
                </label>
              ))}
            </>
          )}
          <label className="inline">
            {t('campaigns.control.seed')}
            <input type="number" className="seed" value={control.seed ?? 20261203} onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) } }))} />
          </label>
        </div>
        {cells.map((c, i) => (
          <div key={i} className="campaign-row" data-testid={`campaign-cell-${i}`}>
            <input value={c.name} onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, cells: (d.control?.cells ?? []).map((x, k) => (k === i ? { ...x, name: e.target.value } : x)) } }))} aria-label={t('campaigns.control.cellName')} />
            <select value={c.channel} onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, cells: (d.control?.cells ?? []).map((x, k) => (k === i ? { ...x, channel: e.target.value as CampaignChannel } : x)) } }))}>
              {CHANNEL_LIST.map((ch) => (
                <option key={ch} value={ch}>
                  {codeLabel('campaign_channel', ch, locale)}
                </option>
              ))}
            </select>
            <input type="number" className="short" min={1} max={100} value={c.percent} onChange={(e) => patch((d) => ({ ...d, control: { ...d.control, cells: (d.control?.cells ?? []).map((x, k) => (k === i ? { ...x, percent: Math.min(100, Math.max(0.1, Number(e.target.value) || 0.1)) } : x)) } }))} />
            <span>%</span>
            <button type="button" className="link-button" onClick={() => patch((d) => ({ ...d, control: { ...d.control, cells: (d.control?.cells ?? []).filter((_, k) => k !== i) } }))}>
              {t('campaigns.remove')}
            </button>
          </div>
        ))}
        <div className="campaign-row">
          <button type="button" className="link-button" onClick={() => patch((d) => ({ ...d, control: { ...d.control, cells: [...(d.control?.cells ?? []), { name: `${t('campaigns.control.cell')} ${String.fromCharCode(65 + (d.control?.cells?.length ?? 0))}`, channel: d.channels[0] ?? 'sms', percent: 50 }] } }))}>
            {t('campaigns.control.addCell')}
          </button>
          {cells.length > 0 && (
            <span className={cellsValid(draft) ? 'muted' : 'error'} data-testid="campaign-cells-total">
              {t(cellsValid(draft) ? 'campaigns.control.cellsTotal' : 'campaigns.control.cellsNot100', { total: cellsTotal(draft) })}
            </span>
          )}
        </div>
      </Section>

      <Section title={t('campaigns.section.rm')}>
        <div className="campaign-row">
          <label className="inline">
            <input type="checkbox" checked={rm.enabled === true} onChange={(e) => patch((d) => ({ ...d, rmAssignment: { ...d.rmAssignment, enabled: e.target.checked, defaultCapacity: d.rmAssignment?.defaultCapacity ?? 50 } }))} data-testid="campaign-rm" />
            {t('campaigns.rm.enabled')}
          </label>
          {rm.enabled === true && (
            <>
              <label className="inline">
                {t('campaigns.rm.table')}
                <input value={rm.capacityTable?.table ?? ''} placeholder="rm_capacity" onChange={(e) => patch((d) => ({ ...d, rmAssignment: { ...d.rmAssignment, capacityTable: e.target.value.trim() === '' ? null : { table: e.target.value.trim() } } }))} />
              </label>
              <label className="inline">
                {t('campaigns.rm.default')}
                <NumberAmountInput className="short" value={rm.defaultCapacity ?? null} onValue={(n) => patch((d) => ({ ...d, rmAssignment: { ...d.rmAssignment, defaultCapacity: n === null ? null : Math.max(0, Math.floor(n)) } }))} testId="campaign-rm-default" />
              </label>
              <select value={rm.balanceBy ?? 'count'} onChange={(e) => patch((d) => ({ ...d, rmAssignment: { ...d.rmAssignment, balanceBy: e.target.value as 'count' | 'aum' } }))}>
                <option value="count">{t('campaigns.rm.byCount')}</option>
                <option value="aum">{t('campaigns.rm.byAum')}</option>
              </select>
            </>
          )}
        </div>
      </Section>

      <Section title={t('campaigns.section.list')}>
        <select
          multiple
          size={5}
          value={draft.list?.columns ?? []}
          aria-label={t('campaigns.section.list')}
          onChange={(e) => {
            const columns = [...e.target.selectedOptions].map((o) => o.value);
            patch((d) => ({ ...d, list: { ...d.list, columns } }));
          }}
        >
          {fields.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <p className="muted">{t('campaigns.list.always')}</p>
      </Section>
    </fieldset>
  );
}
