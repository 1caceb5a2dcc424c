import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { formatNumber, parseNumber } from '../../../../src/domain/format.ts';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value: number | null | undefined;
  onChange: (value: number | null) => void;
  /** a year or a code: no thousands grouping ("2025", not "2.025") */
  plain?: boolean;
};

/** A number typed the Vietnamese way ("0,4", "18.670"); shows an error state while the text is not a number. */
export function NumberInput({ value, onChange, className, plain, ...rest }: Props) {
  const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : plain ? String(n) : formatNumber(n, undefined, 'vi'));
  const [text, setText] = useState(show(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    const current = parseNumber(text);
    if (current !== (value ?? null)) setText(show(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      {...rest}
      type="text"
      inputMode={plain ? 'numeric' : 'decimal'}
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
