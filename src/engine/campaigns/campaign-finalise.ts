import type { MethodResult } from '../../shared/methods';
import type { JobContext } from '../jobs/job-context';
import { columnExists } from '../profile/profile-meta';
import { createStaticSegment, deleteSegment } from '../segments/segment-store';
import type { Session } from '../workspace';
import { buildCampaigns } from './campaign-build';
import { resolveCampaignInputs } from './campaign-inputs';
import { listTableOf } from './campaign-list';
import { finalError, getCampaign, markFinal } from './campaign-store';

/** The canonical contacts table (DESIGN.md §2), made when the workspace has none yet. */
const CONTACTS_DDL = `CREATE TABLE IF NOT EXISTS contacts (campaign_id VARCHAR, customer_id VARCHAR, contact_ts TIMESTAMP, channel VARCHAR, arm VARCHAR, responded BOOLEAN, response_ts TIMESTAMP, outcome VARCHAR)`;

/**
 * Finalising: the list is built once more, its members are frozen into a static segment (the
 * segments' snapshot mechanism), and every member — treatment and control, since measuring the
 * response needs both — is written into `contacts` as a planned contact on the contact date
 * (after quiet dates) with its arm and channel (control: the channel its treated twin would have
 * had is unknown, so none). The campaign becomes final and is not edited again. Contact fatigue
 * and the contact policy count the treated rows only: the control group was not contacted.
 */
export async function finaliseCampaign(session: Session, id: string, ctx: JobContext, now: Date): Promise<MethodResult<'campaign.finalise'>> {
  const saved = await getCampaign(session, id);
  const inputs = await resolveCampaignInputs(session, { id });
  const [built] = await buildCampaigns(session, inputs, ctx);
  // A final campaign refuses this before anything is written.
  if (saved.status === 'final') throw finalError(saved);
  const list = await listTableOf(session, built!);
  const snapshot = await createStaticSegment(
    session,
    { name: `${saved.name} · final v${saved.version}`, description: `members of campaign ${saved.id} when finalised (contact date ${built!.build.contactDate})`, owner: saved.owner, rule: { kind: 'all' } },
    { from: 'snapshot', takenAt: now.toISOString(), asOf: built!.build.asOf, sourceSegmentId: null, sourceVersion: null },
    `SELECT customer_id FROM ${list.table}`,
    {},
    now,
  );
  try {
    return await session.transaction(async () => {
      await session.run(CONTACTS_DDL);
      const columns = ['campaign_id', 'customer_id', 'contact_ts', 'channel', 'arm'];
      const values = ['CAST($campaign AS VARCHAR)', 'customer_id', 'CAST($contact_date AS TIMESTAMP)', 'channel', 'arm'];
      if (await columnExists(session, 'contacts', 'responded')) {
        columns.push('responded');
        values.push('NULL');
      }
      await session.run(`INSERT INTO contacts (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${list.table}`, { campaign: id, contact_date: built!.build.contactDate });
      const campaign = await markFinal(session, id, snapshot.id, now);
      return { campaign, contactsWritten: list.rowCount, snapshotSegmentId: snapshot.id };
    });
  } catch (error) {
    await deleteSegment(session, snapshot.id).catch(() => false);
    throw error;
  }
}
