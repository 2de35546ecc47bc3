// Loading, error and empty states, shared so that every page says them the same way.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { problemText } from '../i18n/dynamic';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-error" role="alert" data-code={error.code}>
      <strong>{t('common.error')}:</strong> {problemText(error.problem)}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ text }: { text: string }) {
  return <p className="muted empty">{text}</p>;
}
