/** Reading what arrived as an upload (upload.*) into what a segment method takes. */
import { AppError } from '../../shared/errors';
import { MAX_IDS, parseIdList } from '../../shared/id-list';

/** An uploaded ID list (UTF-8 text) split exactly as the renderer's preview splits it; over MAX_IDS is refused, not cut. */
export function idsFromUpload(bytes: Uint8Array): string[] {
  const ids = parseIdList(new TextDecoder().decode(bytes));
  if (ids.length > MAX_IDS) {
    throw new AppError('INVALID_ARGUMENT', `the list has ${ids.length} IDs; at most ${MAX_IDS} make one segment`, { count: ids.length, limit: MAX_IDS }, 'error.SEGMENT_IDS_TOO_MANY');
  }
  for (const id of ids) {
    if (id.length > 200) throw new AppError('INVALID_ARGUMENT', `an ID is longer than 200 characters: ${id.slice(0, 40)}…`, { id: id.slice(0, 40) }, 'error.SEGMENT_ID_TOO_LONG');
  }
  return ids;
}

/** An uploaded definition file (UTF-8 JSON); text that is not JSON is not a segment file. */
export function jsonFromUpload(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'not a segment file: the upload is not JSON', { path: '' }, 'error.SEGMENT_FILE_INVALID');
  }
}
