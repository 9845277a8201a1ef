import { useEffect, useRef, useState } from 'react';
import { toAppError } from '../../shared/errors';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { usePrivacy } from '../state/privacy-state';

/**
 * Personal data is masked by default (张*, 110***********1234, 138****5678 — done in the engine,
 * so clear values never reach the renderer). Turning it on is deliberate: the user gives a reason,
 * which the engine records in its audit log (privacy.unmask) before it sends anything in clear;
 * then a banner stays visible for as long as it is on. Turning it off needs no confirmation. One
 * switch in the top bar serves every page (privacy-state.tsx). In the dialog the safe choice —
 * stay masked — has the focus, so Enter or Space never unmasks by accident.
 */
export function UnmaskSwitch() {
  const { t } = useI18n();
  const { unmasked, unmask, mask } = usePrivacy();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const safeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) safeRef.current?.focus();
  }, [confirming]);
  const close = () => {
    setConfirming(false);
    setError(null);
  };
  const confirm = () => {
    if (reason.trim().length < 2) {
      setError(t('privacy.reason.required'));
      return;
    }
    setBusy(true);
    unmask(reason.trim()).then(
      () => {
        setBusy(false);
        setReason('');
        close();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(t('privacy.reason.failed', { message: formatAppError(t, toAppError(failure)) }));
      },
    );
  };

  return (
    <div className="unmask">
      <label className={unmasked ? 'unmask-switch on' : 'unmask-switch'}>
        <input
          type="checkbox"
          role="switch"
          data-testid="unmask-switch"
          checked={unmasked}
          aria-checked={unmasked}
          onChange={(event) => {
            if (event.target.checked) setConfirming(true);
            else void mask();
          }}
        />
        <span className="unmask-track" aria-hidden="true" />
        <span>{t(unmasked ? 'customers.unmask.on' : 'customers.unmask.off')}</span>
      </label>
      {confirming && (
        <div className="modal-backdrop" role="presentation">
          <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="unmask-title" data-testid="unmask-dialog">
            <h3 id="unmask-title">{t('customers.unmask.confirmTitle')}</h3>
            <p>{t('customers.unmask.confirmBody')}</p>
            <label className="unmask-reason">
              <span>{t('privacy.reason.label')}</span>
              <textarea
                data-testid="unmask-reason"
                rows={2}
                maxLength={500}
                value={reason}
                placeholder={t('privacy.reason.placeholder')}
                onChange={(event) => setReason(event.target.value)}
              />
            </label>
            {error && (
              <p className="error" role="alert" data-testid="unmask-error">
                {error}
              </p>
            )}
            <div className="modal-buttons">
              <button ref={safeRef} type="button" className="button" data-testid="unmask-cancel" onClick={close}>
                {t('customers.unmask.keepMasked')}
              </button>
              <button
                type="button"
                className="button danger"
                data-testid="unmask-confirm"
                disabled={busy || reason.trim().length < 2}
                onClick={confirm}
              >
                {t('customers.unmask.confirm')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** Shown across the app while personal data is in clear. */
export function UnmaskedBanner() {
  const { t } = useI18n();
  const { unmasked, mask } = usePrivacy();
  if (!unmasked) return null;
  return (
    <div className="unmasked-banner" role="status" data-testid="unmasked-banner">
      <span>⚠ {t('customers.unmask.banner')}</span>
      <button type="button" className="button" onClick={() => void mask()} data-testid="unmask-off">
        {t('customers.unmask.maskAgain')}
      </button>
    </div>
  );
}
