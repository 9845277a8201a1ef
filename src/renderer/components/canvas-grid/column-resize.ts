/** A column dragged narrower than this keeps this width (the filter input still shows a few characters). */
export const MIN_RESIZED_WIDTH = 80;
export const MAX_RESIZED_WIDTH = 1200;
/** Auto-fit room beyond the widest text: the cell padding on both sides and the sort mark. */
const FIT_PADDING = 8 * 2 + 14;

export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_RESIZED_WIDTH, Math.max(MIN_RESIZED_WIDTH, width)));
}

/** The width a double-click on a header edge gives: the widest of the texts measured, padded. */
export function fitWidth(texts: readonly string[], measure: (text: string) => number): number {
  let widest = 0;
  for (const text of texts) widest = Math.max(widest, measure(text));
  return clampWidth(Math.ceil(widest) + FIT_PADDING);
}
