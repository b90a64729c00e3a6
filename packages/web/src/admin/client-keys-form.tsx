import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../components/states';
import { useI18n } from '../i18n/i18n';
import type { ClientView } from './admin-types';

/**
 * New public keys (a JWKS) for a private_key_jwt client: assertions signed
 * with its old keys are refused from then on. The server refuses a private
 * key outright and says so; that message is shown as it comes.
 */
export function ClientKeysForm({
  client,
  onReplace,
  onCancel,
}: {
  client: ClientView;
  onReplace: (jwks: unknown) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [jwks, setJwks] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let keys: unknown;
    try {
      keys = JSON.parse(jwks);
    } catch {
      return setProblem(t('admin.clients.jwksNotJson'));
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await onReplace(keys);
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card admin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.clients.keys.title', { clientId: client.clientId })}</h2>
      <p className="muted">{t('admin.clients.keys.current', { kids: client.keyIds.join(', ') || '—' })}</p>
      <label htmlFor={`${id}-jwks`}>{t('admin.clients.jwks')}</label>
      <textarea
        id={`${id}-jwks`}
        value={jwks}
        onChange={(e) => setJwks(e.target.value)}
        rows={6}
        spellCheck={false}
        aria-describedby={`${id}-hint`}
      />
      <p className="hint" id={`${id}-hint`}>
        {t('admin.clients.jwksHint')}
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('admin.saving') : t('admin.clients.keys.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
