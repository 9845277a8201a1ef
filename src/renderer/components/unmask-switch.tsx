import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';

/**
 * Personal data is masked by default (张*, 110***********1234, 138****5678 — done in the engine,
 * so clear values never reach the renderer). Turning it on is deliberate: a confirmation first,
 * then a banner stays visible for as long as it is on. Turning it off needs no confirmation.
 */
export function UnmaskSwitch({ unmasked, onChange }: { unmasked: boolean; onChange: (unmasked: boolean) => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

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
            else onChange(false);
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
            <div className="modal-buttons">
              <button type="button" className="button" data-testid="unmask-cancel" onClick={() => setConfirming(false)}>
                {t('customers.unmask.keepMasked')}
              </button>
              <button
                type="button"
                className="button danger"
                data-testid="unmask-confirm"
                ref={confirmRef}
                onClick={() => {
                  setConfirming(false);
                  onChange(true);
                }}
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

/** Shown across the page while personal data is in clear. */
export function UnmaskedBanner({ onMask }: { onMask: () => void }) {
  const { t } = useI18n();
  return (
    <div className="unmasked-banner" role="status" data-testid="unmasked-banner">
      <span>⚠ {t('customers.unmask.banner')}</span>
      <button type="button" className="button" onClick={onMask} data-testid="unmask-off">
        {t('customers.unmask.maskAgain')}
      </button>
    </div>
  );
}
