import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../components/states';
import { useI18n } from '../i18n/i18n';

export interface NewClient {
  name: string;
  clientId?: string;
  role: string;
  organizationId?: string;
  authMethod: 'client_secret_basic' | 'private_key_jwt';
  jwks?: unknown;
}

/**
 * Registers a facility's system: with a secret (shown once by the server)
 * or with its public keys (JWKS) for SMART Backend Services.
 */
export function ClientForm({ onRegister }: { onRegister: (client: NewClient) => Promise<void> }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [clientId, setClientId] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const [method, setMethod] = useState<NewClient['authMethod']>('client_secret_basic');
  const [jwks, setJwks] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !organizationId.trim()) return setProblem(t('admin.clients.required'));
    let keys: unknown;
    if (method === 'private_key_jwt') {
      try {
        keys = JSON.parse(jwks);
      } catch {
        return setProblem(t('admin.clients.jwksNotJson'));
      }
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await onRegister({
        name: name.trim(),
        ...(clientId.trim() ? { clientId: clientId.trim() } : {}),
        role: 'facility-system',
        organizationId: organizationId.trim(),
        authMethod: method,
        ...(keys !== undefined ? { jwks: keys } : {}),
      });
      setName('');
      setClientId('');
      setJwks('');
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card admin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.clients.new')}</h2>
      <div className="fields">
        <div>
          <label htmlFor={`${id}-name`}>{t('admin.clients.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </div>
        <div>
          <label htmlFor={`${id}-org`}>{t('admin.organizationId')}</label>
          <input
            id={`${id}-org`}
            value={organizationId}
            onChange={(e) => setOrganizationId(e.target.value)}
            aria-describedby={`${id}-org-hint`}
          />
          <p className="hint" id={`${id}-org-hint`}>
            {t('admin.organizationIdHint')}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-id`}>{t('admin.clients.clientId')}</label>
          <input
            id={`${id}-id`}
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            aria-describedby={`${id}-id-hint`}
            autoComplete="off"
          />
          <p className="hint" id={`${id}-id-hint`}>
            {t('admin.clients.clientIdHint')}
          </p>
        </div>
      </div>
      <fieldset>
        <legend>{t('admin.clients.method')}</legend>
        <label className="choice">
          <input
            type="radio"
            name={`${id}-method`}
            checked={method === 'client_secret_basic'}
            onChange={() => setMethod('client_secret_basic')}
          />
          {t('admin.clients.method.secret')}
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${id}-method`}
            checked={method === 'private_key_jwt'}
            onChange={() => setMethod('private_key_jwt')}
          />
          {t('admin.clients.method.keys')}
        </label>
      </fieldset>
      {method === 'private_key_jwt' && (
        <>
          <label htmlFor={`${id}-jwks`}>{t('admin.clients.jwks')}</label>
          <textarea
            id={`${id}-jwks`}
            rows={5}
            value={jwks}
            onChange={(e) => setJwks(e.target.value)}
            aria-describedby={`${id}-jwks-hint`}
            spellCheck={false}
          />
          <p className="hint" id={`${id}-jwks-hint`}>
            {t('admin.clients.jwksHint')}
          </p>
        </>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('admin.saving') : t('admin.clients.register')}
      </button>
    </form>
  );
}
