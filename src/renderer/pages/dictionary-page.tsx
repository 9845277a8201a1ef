import { useMemo, useState } from 'react';
import { dictionaryRows, groupName, groupRows, KIND_NAMES, matchesSearch } from '../../shared/data-dictionary';
import { DictionaryExport } from '../components/dictionary/dictionary-export';
import { formatCount } from '../format/number-format';
import { useI18n } from '../i18n/i18n-context';
import type { PageProps } from './page-props';

const ALL_ROWS = dictionaryRows();

/**
 * The data dictionary (数据字典/口径): every profile field, source column, tag prefix and code
 * value with its Chinese and English business names, unit and definition, grouped as the bank
 * groups them (资产, 交易, 代发 …), searchable by either name, the technical name or the
 * definition, and exported to Excel for the bank.
 */
export function DictionaryPage({ client }: PageProps) {
  const { t, locale, intlLocale } = useI18n();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupRows(ALL_ROWS.filter((row) => matchesSearch(row, query))), [query]);
  const matches = groups.reduce((sum, g) => sum + g.rows.length, 0);

  return (
    <div className="page dictionary-page" data-testid="dictionary-page">
      <h2>{t('dictionary.title')}</h2>
      <p className="muted">{t('dictionary.intro')}</p>
      <div className="dictionary-toolbar">
        <input
          type="search"
          value={query}
          placeholder={t('dictionary.search')}
          aria-label={t('dictionary.search')}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="dictionary-search"
        />
        <span className="muted" data-testid="dictionary-count" data-count={matches}>
          {t('dictionary.count', { count: formatCount(matches, intlLocale), total: formatCount(ALL_ROWS.length, intlLocale) })}
        </span>
        <DictionaryExport client={client} />
      </div>
      {groups.length === 0 && <p className="muted">{t('dictionary.none')}</p>}
      {groups.map(({ group, rows }) => (
        <section key={group} className="dictionary-group" data-testid={`dictionary-group-${group}`}>
          <h3>
            {groupName(group, locale)} <span className="muted">({formatCount(rows.length, intlLocale)})</span>
          </h3>
          <table className="funnel-table dictionary-table">
            <thead>
              <tr>
                <th>{t('dictionary.col.zh')}</th>
                <th>{t('dictionary.col.en')}</th>
                <th>{t('dictionary.col.technical')}</th>
                <th>{t('dictionary.col.kind')}</th>
                <th>{t('dictionary.col.unit')}</th>
                <th>{t('dictionary.col.definition')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.kind}:${row.technical}`} data-testid={`dictionary-row-${row.technical}`}>
                  <td>{row.name.zh}</td>
                  <td>{row.name.en}</td>
                  <td className="mono">{row.technical}</td>
                  <td>{KIND_NAMES[row.kind][locale]}</td>
                  <td>{row.unit[locale]}</td>
                  <td>{row.definition[locale]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
