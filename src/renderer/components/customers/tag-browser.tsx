import { useMemo, useState } from 'react';
import { codeLabel } from '../../../shared/data-dictionary';
import type { Tag } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError, type AppError } from '../../../shared/errors';
import { categoryBarOption } from '../../charts/chart-options';
import { EChart } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import { formatAppError, hasMessage } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { describeRule } from './condition-builder';
import { TagEditor } from './tag-editor';
import { useEngineQuery } from '../../state/use-engine-query';

const SEARCH_DEBOUNCE_MS = 200;

/**
 * The tag library: built-in tags (rules, products, life stage, payroll, seasonal merchants) and
 * user tags, searchable, each with its member count; a distribution chart per selected tag; and
 * the editor for user tags.
 */
export function TagBrowser({ client }: { client: EngineClient }) {
  const { t, locale, intlLocale } = useI18n();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ tag: Tag | null } | null>(null);
  const [deleteError, setDeleteError] = useState<AppError | null>(null);

  // Saved and deleted tags, a rebuilt profile: the list and the chart follow by themselves (query-topics.ts).
  const searched = search.trim();
  const list = useEngineQuery(client, 'tags.list', searched === '' ? {} : { search: searched }, { debounceMs: SEARCH_DEBOUNCE_MS, supersede: 'tags-list' });
  const columns = useEngineQuery(client, 'profile.columns', {});
  const selected: Tag | null = list.data?.find((tag) => tag.id === selectedId) ?? null;
  const distribution = useEngineQuery(client, 'tags.distribution', selectedId === null ? null : { id: selectedId }, { supersede: 'tags-distribution' });

  const fmt = (v: number) => formatCount(v, intlLocale);
  const countLabel = t('customers.chart.customersAxis');
  const tierOption = useMemo(
    () => categoryBarOption({ categories: (distribution.data?.byTier ?? []).map((g) => ({ label: codeLabel('value_tier', g.value, locale), count: g.count })), countLabel, formatCount: fmt }),
    [distribution.data, t, intlLocale, locale],
  );
  const stageOption = useMemo(
    () =>
      categoryBarOption({
        categories: (distribution.data?.byLifecycle ?? []).map((g) => ({ label: codeLabel('lifecycle_stage', g.value, locale), count: g.count })),
        countLabel,
        formatCount: fmt,
        horizontal: true,
      }),
    [distribution.data, t, intlLocale, locale],
  );
  const ageOption = useMemo(
    () => categoryBarOption({ categories: (distribution.data?.byAgeBand ?? []).map((g) => ({ label: g.value, count: g.count })), countLabel, formatCount: fmt }),
    [distribution.data, t, intlLocale, locale],
  );

  const remove = (tag: Tag) => {
    if (!window.confirm(t('customers.tags.confirmDelete', { name: locale === 'zh' ? tag.nameZh : tag.nameEn }))) return;
    client.call('tags.delete', { id: tag.id }).then(
      () => {
        setSelectedId(null);
      },
      (reason: unknown) => setDeleteError(toAppError(reason)),
    );
  };

  const categoryName = (category: string) => {
    const key = `customers.tags.category.${category}`;
    return hasMessage(key) ? t(key) : category;
  };
  /** Built-in rule tags describe themselves by the rule that defines them ('rules.dormant'). */
  const describeTag = (tag: Tag) => {
    const nameKey = `${tag.description}.name`;
    if (/^rules\.[a-z_]+$/.test(tag.description) && hasMessage(nameKey)) return t('customers.tags.definedByRule', { rule: t(nameKey) });
    return tag.description;
  };
  const words = { and: t('customers.tags.and'), or: t('customers.tags.or'), not: t('customers.tags.not'), all: t('customers.tags.everybody'), empty: t('op.is_null'), notEmpty: t('op.not_null') };

  return (
    <div className="tag-browser" data-testid="tag-browser">
      <div className="tag-list-pane">
        <div className="tag-toolbar">
          <input type="search" value={search} placeholder={t('customers.tags.search')} aria-label={t('customers.tags.search')} onChange={(e) => setSearch(e.target.value)} data-testid="tag-search" />
          <button type="button" className="button primary" onClick={() => setEditing({ tag: null })} data-testid="tag-new">
            {t('customers.tags.new')}
          </button>
        </div>
        {list.error && (
          <div className="error-text" role="alert">
            {formatAppError(t, list.error)}
          </div>
        )}
        <table className="tag-table" data-testid="tag-list" data-count={list.data?.length ?? undefined}>
          <thead>
            <tr>
              <th>{t('customers.tags.name')}</th>
              <th>{t('customers.tags.description')}</th>
              <th>{t('customers.tags.owner')}</th>
              <th className="num">{t('customers.tags.members')}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((tag) => (
              <tr
                key={tag.id}
                className={tag.id === selectedId ? 'selected' : undefined}
                onClick={() => setSelectedId(tag.id)}
                data-testid={`tag-item-${tag.id}`}
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setSelectedId(tag.id);
                }}
              >
                <td>
                  {/* The reader's language first, the other one below it. */}
                  <div className="tag-name">{locale === 'zh' ? tag.nameZh : tag.nameEn}</div>
                  <div className="muted">{locale === 'zh' ? tag.nameEn : tag.nameZh}</div>
                  <span className={tag.builtIn ? 'tag-badge builtin' : 'tag-badge user'}>
                    {tag.builtIn ? t('customers.tags.builtIn') : t('customers.tags.user')}
                    {' · '}
                    {categoryName(tag.category)}
                  </span>
                </td>
                <td className="tag-description">{describeTag(tag)}</td>
                <td>{tag.owner || '—'}</td>
                <td className="num">{tag.memberCount === null ? '—' : formatCount(tag.memberCount, intlLocale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.length === 0 && <p className="muted">{t('customers.tags.none')}</p>}
      </div>
      <div className="tag-detail-pane">
        {editing ? (
          <TagEditor
            key={editing.tag?.id ?? 'new'}
            client={client}
            columns={columns.data ?? []}
            tag={editing.tag}
            onCancel={() => setEditing(null)}
            onSaved={(tag) => {
              setEditing(null);
              setSelectedId(tag.id);
            }}
          />
        ) : selected ? (
          <div className="tag-detail" data-testid="tag-detail">
            <h3>
              {locale === 'zh' ? selected.nameZh : selected.nameEn} <span className="muted">{locale === 'zh' ? selected.nameEn : selected.nameZh}</span>
            </h3>
            <p>{describeTag(selected)}</p>
            <p>
              <code className="rule-text">{describeRule(selected.definition, words)}</code>
            </p>
            <p className="muted" data-testid="tag-members" data-count={distribution.data?.members ?? undefined}>
              {t('customers.tags.membersCount', { count: distribution.data ? formatCount(distribution.data.members, intlLocale) : '…' })}
            </p>
            {!selected.builtIn && (
              <div className="rule-buttons">
                <button type="button" className="button" onClick={() => setEditing({ tag: selected })} data-testid="tag-edit">
                  {t('customers.tags.edit')}
                </button>
                <button type="button" className="button danger" onClick={() => remove(selected)} data-testid="tag-delete">
                  {t('customers.tags.delete')}
                </button>
              </div>
            )}
            {deleteError && <div className="error-text">{formatAppError(t, deleteError)}</div>}
            {distribution.error && <div className="error-text">{formatAppError(t, distribution.error)}</div>}
            <div className="chart-grid" data-testid="tag-distribution">
              <EChart option={tierOption} title={t('customers.tags.chartTiers', { tag: selected.nameEn })} height={180} />
              <EChart option={stageOption} title={t('customers.tags.chartStages', { tag: selected.nameEn })} height={200} />
              <EChart option={ageOption} title={t('customers.tags.chartAge', { tag: selected.nameEn })} height={180} />
            </div>
          </div>
        ) : (
          <p className="muted">{t('customers.tags.selectHint')}</p>
        )}
      </div>
    </div>
  );
}
