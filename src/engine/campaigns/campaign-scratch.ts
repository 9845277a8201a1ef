import { qualifiedName } from '../sql/identifiers';
import type { Session } from '../workspace';

const KEPT = 24;
let next = 1;
const kept: string[] = [];

/**
 * A new scratch table name for a campaign build's intermediate results (the candidates, the RM
 * assignment, the list). The oldest are dropped as new ones come, so a page that rebuilds on
 * every edit does not grow the scratch database; a list H2's export is streaming is among the
 * newest and is never the one dropped.
 */
export async function campaignScratchTable(session: Session, role: string): Promise<{ name: string; qualified: string }> {
  const name = `_sw_campaign_${next++}_${role}`;
  kept.push(name);
  while (kept.length > KEPT) await session.run(`DROP TABLE IF EXISTS ${qualifiedName('scratch', 'main', kept.shift() as string)}`);
  return { name, qualified: qualifiedName('scratch', 'main', name) };
}
