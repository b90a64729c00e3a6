import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A password or client secret the server shows once: the administrator
 * copies it now and hands it over; it is never shown again (the server
 * keeps no copy of a client secret and only a hash of a password).
 */
export function OneTimeSecret({ title, value, onDone }: { title: string; value: string; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard
      ?.writeText(value)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  };
  return (
    <div className="notice warning one-time" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      <p className="secret">
        <code data-testid="one-time-secret">{value}</code>
      </p>
      <p>{t('admin.secret.once')}</p>
      <div className="actions">
        <button type="button" onClick={copy}>
          {copied ? t('admin.secret.copied') : t('admin.secret.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('admin.secret.done')}
        </button>
      </div>
    </div>
  );
}
