import type { MethodName, MethodParsedParams, MethodResult } from '../../shared/methods';
import type { JobContext } from '../jobs/job-context';

/** One implementation per method of the shared method table; the compiler checks the set is complete. */
export type Handlers = {
  [M in MethodName]: (params: MethodParsedParams<M>, ctx: JobContext) => Promise<MethodResult<M>>;
};
