import { useRef, useState, type DragEvent } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError } from '../../../shared/errors';
import { uploadFile } from '../../../shared/upload-client';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { SelectedItem } from './file-selection';

type Sending = { name: string; fraction: number; abort: AbortController };

/**
 * Browser-mode file picking: a file dropped on the wizard or chosen in the browser's file dialog
 * is streamed to the engine in chunks (read from the file one chunk at a time, written to disk
 * there) and then selected by the path the engine gives it, as if it had been typed.
 */
export function useFileUpload(client: EngineClient, onUploaded: (item: SelectedItem) => void) {
  const { t } = useI18n();
  const [sending, setSending] = useState<Sending | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (files: readonly File[]) => {
    setError(null);
    for (const file of files) {
      const abort = new AbortController();
      setSending({ name: file.name, fraction: 0, abort });
      try {
        const sent = await uploadFile(client, file, { signal: abort.signal, onProgress: (fraction) => setSending({ name: file.name, fraction, abort }) });
        onUploaded({ path: sent.path, name: file.name, kind: 'file', sizeBytes: sent.bytes });
      } catch (reason) {
        if (!isCancellation(reason)) setError(t('import.upload.failed', { message: formatAppError(t, toAppError(reason)) }));
        break;
      } finally {
        setSending(null);
      }
    }
  };

  const dropProps = {
    onDragOver: (event: DragEvent<HTMLElement>) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDrop: (event: DragEvent<HTMLElement>) => {
      if (event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      void send([...event.dataTransfer.files]);
    },
  };
  return { sending, error, send, dropProps };
}

export function FileUploadBar({ upload }: { upload: ReturnType<typeof useFileUpload> }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const { sending, error, send } = upload;
  return (
    <div className="import-upload" data-testid="import-upload" data-state={sending ? 'sending' : 'idle'}>
      <span className="muted">{t('import.upload.drop')}</span>
      <button type="button" className="button" data-testid="import-upload-choose" disabled={sending !== null} onClick={() => input.current?.click()}>
        {t('import.upload.choose')}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        data-testid="import-upload-input"
        accept=".csv,.txt,.tsv,.xlsx,.xls,.parquet"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) void send(files);
        }}
      />
      {sending && (
        <span className="import-upload-progress" role="status" data-testid="import-upload-progress">
          {t('import.upload.sending', { name: sending.name, percent: Math.round(sending.fraction * 100) })}
          <progress max={1} value={sending.fraction} />
          <button type="button" className="link-button" onClick={() => sending.abort.abort()}>
            {t('import.upload.cancel')}
          </button>
        </span>
      )}
      {error && (
        <span className="error-text" role="alert" data-testid="import-upload-error">
          {error}
        </span>
      )}
    </div>
  );
}
