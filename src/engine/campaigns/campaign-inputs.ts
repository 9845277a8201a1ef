import type { CampaignDefinition, CampaignTarget } from '../../shared/campaign-types';
import type { Session } from '../workspace';
import type { CampaignInput } from './campaign-build';
import { definitionOf, getCampaign } from './campaign-store';

/** The target (a saved campaign's current version, or a definition) and the saved campaigns built with it. */
export async function resolveCampaignInputs(session: Session, target: CampaignTarget, together: readonly string[] = [], definitions: readonly CampaignDefinition[] = []): Promise<CampaignInput[]> {
  const first: CampaignInput = 'id' in target ? { definition: definitionOf(await getCampaign(session, target.id)), id: target.id } : { definition: target.definition, id: target.definition.id ?? null };
  const others: CampaignInput[] = [];
  for (const id of together) {
    if (id === first.id || others.some((o) => o.id === id)) continue;
    others.push({ definition: definitionOf(await getCampaign(session, id)), id });
  }
  for (const definition of definitions) others.push({ definition, id: definition.id ?? null });
  return [first, ...others];
}
