/**
 * A label's width in px before it is drawn (layout of SVG labels and legends): CJK characters are
 * about one em wide, others about 0.6 em — on the generous side, so boxes laid out by it do not touch.
 */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? fontSize : fontSize * 0.6;
  return Math.ceil(w);
}
