/**
 * ECharts puts a function formatter's string into the tooltip as HTML. Every data label that
 * goes into one — a segment's name, a bucket's label, an imported category — is the user's data
 * and may hold markup (`<img src=x onerror=…>`), so each formatter builds its text through
 * tooltipHtml. (String templates such as '{b}: {c}' are escaped by ECharts itself.)
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** Tooltip lines as HTML: each line escaped, joined by line breaks. */
export function tooltipHtml(...lines: string[]): string {
  return lines.map(escapeHtml).join('<br/>');
}
