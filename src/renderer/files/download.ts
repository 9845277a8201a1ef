/**
 * Saves what the UI already holds (rejected rows, a chart image) as a file: an anchor with
 * `download`. In Electron the main process lets blob: and data: URLs through for exactly this
 * (see src/main/security/request-policy.ts); in browser mode it is an ordinary download.
 */
export function downloadUrl(fileName: string, url: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
}

export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(fileName, url);
  // The click has started the download; the URL is released once it has been read.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
