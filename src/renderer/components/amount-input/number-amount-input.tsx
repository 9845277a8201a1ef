import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { amountOrNull } from '../../../shared/format/parse-amount';
import { AmountInput } from './amount-input';

/**
 * An AmountInput for a setting held as a number (campaign caps, RM capacity): the text typed is
 * kept while it is being typed (1.5万 stays 1.5万), the number goes to `onValue` (null when
 * empty or not a number), and a new value from outside (a draft loaded) replaces the text.
 */
export function NumberAmountInput({
  value,
  onValue,
  testId,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & { value: number | null; onValue: (value: number | null) => void; testId: string }) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => {
    if (amountOrNull(text) !== value) setText(value === null ? '' : String(value));
    // Only an outside change of the value resets the text; typing keeps it as typed.
  }, [value]);
  return (
    <AmountInput
      {...rest}
      value={text}
      testId={testId}
      onChange={(next) => {
        setText(next);
        onValue(amountOrNull(next));
      }}
    />
  );
}
