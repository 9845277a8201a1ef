import { useCallback, useEffect, useState } from 'react';
import type { EngineClient } from '../../shared/engine-client';
import { toAppError } from '../../shared/errors';
import type { MethodResult } from '../../shared/methods';
import type { ModelCard } from '../../shared/model-types';
import { CutoffPanel } from '../components/models/cutoff-panel';
import { ExperimentPanel } from '../components/models/experiment-panel';
import { ModelCardView } from '../components/models/model-card-view';
import { TrainForm } from '../components/models/train-form';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';

type Tab = 'models' | 'experiments';

/**
 * Models and experiments (模型与实验): train a response or payroll-churn model from the profile as
 * it stood at each label's start, read its card, score the customers, choose a cut-off and keep it
 * as a segment; read out a campaign against its control group.
 */
export function ModelsPage({ client }: { client: EngineClient }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('models');
  const [models, setModels] = useState<MethodResult<'model.list'>>([]);
  const [card, setCard] = useState<ModelCard | null>(null);
  const [population, setPopulation] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [scoredVersion, setScoredVersion] = useState(0);

  const refresh = useCallback(async () => {
    try {
      setModels(await client.call('model.list', {}));
      const summary = await client.call('profile.summary', {});
      setPopulation(summary.customers);
    } catch (reason) {
      setError(formatAppError(t, toAppError(reason)));
    }
  }, [client, t]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const open = async (name: string) => {
    try {
      setCard(await client.call('model.get', { name }));
    } catch (reason) {
      setError(formatAppError(t, toAppError(reason)));
    }
  };
  const current = card ? models.find((m) => m.name === card.name) : undefined;
  const scored = current?.scoredAt !== null && current?.scoredAt !== undefined && current.version === card?.version;

  return (
    <div className="page models-page" data-testid="models-page">
      <div className="models-tabs" role="tablist">
        {(['models', 'experiments'] as const).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)} data-testid={`models-tab-${id}`}>
            {t(`models.tab.${id}`)}
          </button>
        ))}
      </div>
      {error && (
        <div className="banner-error" role="alert">
          {error}
        </div>
      )}
      {tab === 'models' && (
        <div className="models-layout">
          <aside className="models-side">
            <h3>{t('models.list.title')}</h3>
            {models.length === 0 && <p className="muted">{t('models.list.empty')}</p>}
            <ul>
              {models.map((m) => (
                <li key={m.name}>
                  <button type="button" className={card?.name === m.name ? 'link-button active' : 'link-button'} onClick={() => void open(m.name)} data-testid={`models-item-${m.name}`}>
                    {m.name} v{m.version}
                  </button>
                  <span className="muted">
                    {' '}
                    AUC {(m.testAuc ?? m.auc).toFixed(3)} · {m.scoredAt ? t('models.list.scored') : t('models.list.notScored')}
                  </span>
                </li>
              ))}
            </ul>
          </aside>
          <section className="models-main">
            <TrainForm
              client={client}
              onTrained={(trained) => {
                setCard(trained);
                void refresh();
              }}
            />
            {card && (
              <ModelCardView
                key={`${card.name}-${card.version}`}
                client={client}
                card={card}
                onScored={() => {
                  setScoredVersion((n) => n + 1);
                  void refresh();
                }}
              />
            )}
            {card && scored && <CutoffPanel key={`${card.name}-${card.version}-${scoredVersion}`} client={client} card={card} population={population} onSaved={() => undefined} />}
          </section>
        </div>
      )}
      {tab === 'experiments' && <ExperimentPanel client={client} />}
    </div>
  );
}
