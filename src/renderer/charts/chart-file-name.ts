/** A file name for an exported chart: letters, digits, CJK, dash and underscore only. */
export function chartFileName(title: string): string {
  const cleaned = title.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '');
  return `${cleaned || 'chart'}.png`;
}
