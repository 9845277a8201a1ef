import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages-en';

/** A page whose feature is not built yet says so plainly. */
export function PlaceholderPage({ titleKey, bodyKey }: { titleKey: MessageKey; bodyKey: MessageKey }) {
  const { t } = useI18n();
  return (
    <div className="page placeholder-page" data-testid="page-placeholder">
      <div className="placeholder-card">
        <h2>{t('placeholder.title', { page: t(titleKey) })}</h2>
        <p>{t(bodyKey)}</p>
        <p className="muted">{t('placeholder.meanwhile')}</p>
      </div>
    </div>
  );
}
