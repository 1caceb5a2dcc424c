import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { formatDate, parseDate } from '../../../src/domain/format.ts';
import { useT } from '../lib/i18n.ts';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** ISO date (YYYY-MM-DD) or null */
  value: string | null;
  /** called with an ISO date, or null when the field is emptied; not called while the text is not a date */
  onChange: (isoDate: string | null) => void;
  invalid?: boolean;
};

/**
 * A date typed the Vietnamese way, dd/mm/yyyy ("01/11/2025"), whatever the browser's locale:
 * `<input type="date">` shows mm/dd/yyyy in an English-language browser. Accepts what parseDate
 * accepts (01/11/2025, 1/11/2025, 2025-11-01); a text that is not a date (31/02/2025) is marked
 * invalid and not passed on.
 */
export function DateInput({ value, onChange, invalid, ...rest }: Props) {
  const t = useT();
  const [text, setText] = useState(value ? formatDate(value) : '');
  const [bad, setBad] = useState(false);
  useEffect(() => {
    if ((parseDate(text) ?? null) !== value) {
      setText(value ? formatDate(value) : '');
      setBad(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      inputMode="numeric"
      autoComplete="off"
      placeholder={t('dd/mm/yyyy', 'dd/mm/yyyy')}
      title={t('ngày/tháng/năm, ví dụ 01/11/2025', 'day/month/year, e.g. 01/11/2025')}
      {...rest}
      value={text}
      aria-invalid={bad || invalid ? true : undefined}
      onChange={(e) => {
        setText(e.target.value);
        const date = parseDate(e.target.value);
        const isBad = e.target.value.trim() !== '' && date === null;
        setBad(isBad);
        if (!isBad) onChange(date);
      }}
    />
  );
}
