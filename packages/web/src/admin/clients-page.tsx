import { useState } from 'react';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';
import { AdminNav } from './admin-nav';
import { ActionNotices, ListFilter } from './page-parts';
import { useAdminApi } from './admin-api';
import type { ClientView } from './admin-types';
import { ClientForm, type NewClient } from './client-form';
import { ClientKeysForm } from './client-keys-form';
import { Forbidden } from './forbidden';
import { OneTimeSecret } from './one-time-secret';
import { useAdminLoad } from './use-admin-load';

/** The web app's own sign-in client: the server refuses to disable it (everyone would be locked out). */
const WEB_CLIENT_ID = 'lienthong-web';

/** Client systems: register (secret shown once, or public keys), rotate a secret, replace keys, disable and enable. */
export function ClientsPage() {
  const { t, date } = useI18n();
  const api = useAdminApi();
  const [q, setQ] = useState('');
  const [secret, setSecret] = useState<{ title: string; value: string }>();
  const [done, setDone] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [keysOf, setKeysOf] = useState<ClientView>();
  const path = `/clients?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}`;
  const { state, reload } = useAdminLoad(() => api.get<{ total: number; clients: ClientView[] }>(path), path);

  const register = async (client: NewClient) => {
    const answer = await api.send<{ client: ClientView; secret?: string }>('POST', '/clients', client);
    if (answer.secret)
      setSecret({ title: t('admin.clients.registered', { clientId: answer.client.clientId }), value: answer.secret });
    else setDone(t('admin.clients.registeredKeys', { clientId: answer.client.clientId }));
    reload();
  };

  const replaceKeys = async (c: ClientView, jwks: unknown) => {
    const updated = await api.send<ClientView>('PUT', `/clients/${encodeURIComponent(c.clientId)}/keys`, { jwks });
    setKeysOf(undefined);
    setDone(t('admin.clients.done.keys', { clientId: c.clientId, kids: updated.keyIds.join(', ') }));
    reload();
  };

  const act = async (c: ClientView, action: 'disable' | 'enable' | 'rotate-secret') => {
    setActionError(undefined);
    setDone(undefined);
    try {
      const answer = await api.send<{ secret?: string }>(
        'POST',
        `/clients/${encodeURIComponent(c.clientId)}/${action}`,
      );
      if (answer.secret)
        setSecret({ title: t('admin.clients.rotated', { clientId: c.clientId }), value: answer.secret });
      else
        setDone(
          t(action === 'disable' ? 'admin.clients.done.disable' : 'admin.clients.done.enable', {
            clientId: c.clientId,
          }),
        );
      reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <>
      <AdminNav />
      <h1>{t('admin.clients.title')}</h1>
      <p className="subtitle">{t('admin.clients.intro')}</p>
      {secret && <OneTimeSecret title={secret.title} value={secret.value} onDone={() => setSecret(undefined)} />}
      <ActionNotices done={done} error={actionError} />
      {keysOf ? (
        <ClientKeysForm
          key={keysOf.clientId}
          client={keysOf}
          onReplace={(jwks) => replaceKeys(keysOf, jwks)}
          onCancel={() => setKeysOf(undefined)}
        />
      ) : (
        <ClientForm onRegister={register} />
      )}
      <ListFilter id="client-q" label={t('admin.clients.search')} onSearch={setQ} />
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('admin.clients.loading')}</Loading>}
        {state.phase === 'forbidden' && <Forbidden />}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'ready' && state.data.clients.length === 0 && <Empty>{t('admin.clients.empty')}</Empty>}
        {state.phase === 'ready' && state.data.clients.length > 0 && (
          <div className="table-wrap">
            <table className="admin-table">
              <caption className="muted">
                {t('admin.clients.count', { shown: state.data.clients.length, total: state.data.total })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.clients.col.client')}</th>
                  <th scope="col">{t('admin.role')}</th>
                  <th scope="col">{t('admin.facility')}</th>
                  <th scope="col">{t('admin.clients.col.signIn')}</th>
                  <th scope="col">{t('admin.status')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.clients.map((c) => (
                  <tr key={c.clientId}>
                    <th scope="row">
                      {c.name}
                      <br />
                      <code>{c.clientId}</code>
                      {c.demo && <span className="badge"> {t('admin.demo')}</span>}
                    </th>
                    <td>{t(`role.${c.role}` as MessageKey)}</td>
                    <td>{c.organizationName ?? c.organizationId ?? '—'}</td>
                    <td>
                      {c.authMethod === 'client_secret_basic'
                        ? t('admin.clients.method.secret')
                        : c.authMethod === 'private_key_jwt'
                          ? `${t('admin.clients.method.keys')} (${c.keyIds.join(', ')})`
                          : t('admin.clients.method.public')}
                      {c.rotatedAt && (
                        <span className="muted small">
                          <br />
                          {t('admin.clients.rotatedAt', { date: date(c.rotatedAt, true) })}
                        </span>
                      )}
                    </td>
                    <td>{c.disabled ? t('admin.disabled') : t('admin.active')}</td>
                    <td className="actions">
                      {c.authMethod === 'client_secret_basic' && (
                        <button
                          type="button"
                          onClick={() => void act(c, 'rotate-secret')}
                          aria-label={t('admin.clients.rotateLabel', { clientId: c.clientId })}
                        >
                          {t('admin.clients.rotate')}
                        </button>
                      )}
                      {c.authMethod === 'private_key_jwt' && (
                        <button
                          type="button"
                          onClick={() => {
                            setDone(undefined);
                            setKeysOf(c);
                          }}
                          aria-label={t('admin.clients.keys.label', { clientId: c.clientId })}
                        >
                          {t('admin.clients.keys.replace')}
                        </button>
                      )}
                      {c.clientId === WEB_CLIENT_ID ? (
                        <span className="muted small">{t('admin.clients.webApp')}</span>
                      ) : c.disabled ? (
                        <button
                          type="button"
                          onClick={() => void act(c, 'enable')}
                          aria-label={t('admin.clients.enableLabel', { clientId: c.clientId })}
                        >
                          {t('admin.enable')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => void act(c, 'disable')}
                          aria-label={t('admin.clients.disableLabel', { clientId: c.clientId })}
                        >
                          {t('admin.disable')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
