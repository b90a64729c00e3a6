import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { FhirHttpError, NetworkError } from '../fhir/client';

/** A loading message that screen readers announce, not a bare spinner. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** What went wrong, said for people, and a way to try again. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{t('error.title')}.</strong> {errorText(error, t)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

export function errorText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof FhirHttpError) {
    if (error.status >= 500) return t('error.server', { status: error.status, requestId: error.requestId ?? '—' });
    if (error.status === 403) return t('error.forbidden', { message: error.message });
    return t('error.generic', { status: error.status, message: error.message });
  }
  return error instanceof Error ? error.message : String(error);
}
