import type { InputHTMLAttributes } from 'react';
import { parseAmount } from '../../../shared/format/parse-amount';
import { formatUnderstood } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

/**
 * A number input that reads 50万, 1.5亿, 500,000, 5e5 and full-width digits (the shared amount
 * parser), and says next to itself what it understood ("= 500,000") or, once something is typed
 * that is not an amount, why not. Empty text shows nothing: no error before the user has typed.
 */
export function AmountInput({
  value,
  onChange,
  testId,
  showInvalid = true,
  ...rest
}: InputProps & {
  value: string;
  onChange: (text: string) => void;
  testId: string;
  /** false where the form already names the problem next to the field (the rules editor). */
  showInvalid?: boolean;
}) {
  const { t, intlLocale } = useI18n();
  const parsed = parseAmount(value);
  return (
    <span className="amount-input">
      <input
        {...rest}
        type="text"
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={rest['aria-invalid'] ?? (!parsed.ok && parsed.reason === 'invalid' ? true : undefined)}
        data-testid={testId}
      />
      {parsed.ok && (
        <span className="amount-understood muted" data-testid={`${testId}-understood`} data-value={parsed.value}>
          {t('amount.understood', { value: formatUnderstood(parsed.value, intlLocale) })}
        </span>
      )}
      {showInvalid && !parsed.ok && parsed.reason === 'invalid' && (
        <span className="amount-invalid error-text" role="alert" data-testid={`${testId}-invalid`}>
          {t('amount.invalid')}
        </span>
      )}
    </span>
  );
}
