import type { z } from 'zod';
import type { fileMethods } from '../../shared/file-methods';
import type { JobContext } from '../jobs/job-context';
import { listDataFiles } from './list-data-files';
import { listDirectory } from './list-directory';

type FileMethods = typeof fileMethods;
export type FileHandlers = {
  [M in keyof FileMethods]: (params: z.output<FileMethods[M]['params']>, ctx: JobContext) => Promise<z.output<FileMethods[M]['result']>>;
};

/** Handlers of the file-browsing methods, merged into the engine's handler table by the Engine. */
export function createFileHandlers(): FileHandlers {
  return {
    'files.list': (params) => listDirectory(params.dir),
    'files.dataFiles': (params, ctx) => listDataFiles(params.dir, params, ctx),
  };
}
