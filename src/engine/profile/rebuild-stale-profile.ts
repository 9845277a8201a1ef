import { toAppError } from '../../shared/errors';
import type { ProfileRebuild } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import type { Session } from '../workspace';
import { buildProfile } from './build-profile';
import { readProfileMeta, readProfileStale } from './profile-meta';

/**
 * The policy after an import, in one place (the wizard and the CLI used to each carry a copy):
 * when a profile was built and is now stale (an import into a table it reads), rebuild it — as of
 * the same analysis date when the analyst chose that date, else as of the latest date in the new
 * data. null: nothing to rebuild. A failed or cancelled rebuild is reported, not thrown: the import
 * before it has committed and stays; the profile stays marked stale.
 */
export async function rebuildStaleProfile(session: Session, ctx: JobContext, now: Date): Promise<ProfileRebuild | null> {
  const meta = await readProfileMeta(session);
  if (meta === null || (await readProfileStale(session)) === null) return null;
  const started = performance.now();
  ctx.progress({ fraction: 0, rows: null, message: { key: 'progress.import.profile' } });
  try {
    const built = await buildProfile(session, { ...(meta.asOfPinned ? { asOf: meta.asOf } : {}), now });
    return { rebuilt: true, asOf: built.asOf, customers: built.customers, elapsedMs: performance.now() - started, error: null };
  } catch (error) {
    const reason = ctx.token.cancellationError() ?? toAppError(error);
    return { rebuilt: false, asOf: meta.asOf, customers: null, elapsedMs: performance.now() - started, error: reason.toPayload() };
  }
}
