import { ApiError } from '../lib/api.ts';
import { useLang, useT } from '../lib/i18n.ts';

/** Shows an error in the current language: the server's bilingual message, or a generic one. */
export function ErrorMessage({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const lang = useLang();
  const t = useT();
  if (!error) return null;
  let text: string;
  let field: string | null = null;
  if (error instanceof ApiError) {
    text = error.text(lang) || t('Đã xảy ra lỗi.', 'An error occurred.');
    if (error.path?.length) field = error.path.join('.');
  } else if (error instanceof Error) {
    text = error.message;
  } else {
    text = typeof error === 'string' ? error : t('Đã xảy ra lỗi.', 'An error occurred.');
  }
  return (
    // the field path of a refused request ("on", "values.0.numerator") is for developers: a tooltip, never text on the screen
    <div className="error-message" role="alert" data-field={field ?? undefined} title={field ? `${t('trường', 'field')}: ${field}` : undefined}>
      {title && <strong>{title} </strong>}
      <span>{text}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('Thử lại', 'Retry')}
        </button>
      )}
    </div>
  );
}
