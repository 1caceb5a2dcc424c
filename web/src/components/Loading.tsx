import { useT } from '../lib/i18n.ts';

/** A quiet loading line (announced to screen readers). */
export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('Đang tải…', 'Loading…')}
    </div>
  );
}
