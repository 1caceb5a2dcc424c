import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { formatNumber, parseNumber } from '../../lib/format.ts';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value: number | null | undefined;
  onChange: (value: number | null) => void;
};

/** A number typed the Vietnamese way ("0,4", "18.670"); shows an error state while the text is not a number. */
export function NumberInput({ value, onChange, className, ...rest }: Props) {
  const [text, setText] = useState(value === null || value === undefined ? '' : formatNumber(value, undefined, 'vi'));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    const current = parseNumber(text);
    if (current !== (value ?? null)) setText(value === null || value === undefined ? '' : formatNumber(value, undefined, 'vi'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      {...rest}
      type="text"
      inputMode="decimal"
      className={className}
      value={text}
      aria-invalid={bad || rest['aria-invalid'] === true ? true : undefined}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        const n = parseNumber(next);
        const invalid = next.trim() !== '' && n === null;
        setBad(invalid);
        if (!invalid) onChange(n);
      }}
    />
  );
}
