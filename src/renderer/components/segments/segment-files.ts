/** A download's file name from a segment name: spaces and characters a file system refuses become _. */
export function fileNameFor(name: string, extension: string): string {
  const base = name.trim().replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'segment';
  return `${base.slice(0, 80)}.${extension}`;
}
