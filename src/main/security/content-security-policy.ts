/**
 * The renderer's Content-Security-Policy, sent as a header on every app:// response.
 *
 * - script-src 'self': Vite's production build emits only external module scripts; no inline
 *   script, no eval.
 * - style-src 'self' for stylesheets and <style> elements (none inline), plus
 *   style-src-attr 'unsafe-inline' only: ECharts builds its tooltip markup as HTML strings with
 *   inline style="…" attributes, which CSP would otherwise strip. React's `style` prop writes
 *   through CSSOM and needs no exception. Limiting the exception to attributes means no injected
 *   <style> block or stylesheet can run; a style attribute cannot execute script.
 * - img-src data: blob: — charts exported as images (ECharts getDataURL) and blob downloads.
 * - connect-src 'self': the engine is reached over a MessagePort, not the network.
 * - object-src, base-uri, frame-ancestors, form-action 'none': no plugins, no <base> hijack, no
 *   framing, no form posts.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['style-src-attr', "'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
}
