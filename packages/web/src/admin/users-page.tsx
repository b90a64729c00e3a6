import { useState } from 'react';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';
import { AdminNav } from './admin-nav';
import { ActionNotices, ListFilter } from './page-parts';
import { useAdminApi } from './admin-api';
import type { UserView } from './admin-types';
import { Forbidden } from './forbidden';
import { OneTimeSecret } from './one-time-secret';
import { useAdminLoad } from './use-admin-load';
import { UserEditForm, type UserChange } from './user-edit-form';
import { UserForm, type NewUser } from './user-form';

/**
 * Accounts of people: list and find, create (temporary password shown once,
 * to be replaced at first sign-in), change role or facility, disable, reset
 * a password, unlock.
 */
export function UsersPage() {
  const { t, date } = useI18n();
  const api = useAdminApi();
  const [q, setQ] = useState('');
  const [secret, setSecret] = useState<{ title: string; value: string }>();
  const [done, setDone] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [editing, setEditing] = useState<UserView>();
  const path = `/users?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}`;
  const { state, reload } = useAdminLoad(() => api.get<{ total: number; users: UserView[] }>(path), path);

  const create = async (user: NewUser) => {
    const created = await api.send<{ user: UserView; temporaryPassword: string }>('POST', '/users', user);
    setSecret({
      title: t('admin.users.created', { username: created.user.username }),
      value: created.temporaryPassword,
    });
    setDone(undefined);
    reload();
  };

  const save = async (u: UserView, change: UserChange) => {
    await api.send<UserView>('PATCH', `/users/${encodeURIComponent(u.username)}`, change);
    setEditing(undefined);
    setSecret(undefined);
    setDone(t('admin.users.done.edit', { username: u.username }));
    reload();
  };

  const act = async (u: UserView, action: 'disable' | 'enable' | 'reset-password' | 'unlock') => {
    setActionError(undefined);
    try {
      const answer = await api.send<{ temporaryPassword?: string }>(
        'POST',
        `/users/${encodeURIComponent(u.username)}/${action}`,
      );
      if (answer.temporaryPassword)
        setSecret({ title: t('admin.users.reset', { username: u.username }), value: answer.temporaryPassword });
      else setDone(t(`admin.users.done.${action as 'disable' | 'enable' | 'unlock'}`, { username: u.username }));
      reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <>
      <AdminNav />
      <h1>{t('admin.users.title')}</h1>
      <p className="subtitle">{t('admin.users.intro')}</p>
      {secret && <OneTimeSecret title={secret.title} value={secret.value} onDone={() => setSecret(undefined)} />}
      <ActionNotices done={done} error={actionError} />
      {editing ? (
        <UserEditForm
          key={editing.username}
          user={editing}
          onSave={(change) => save(editing, change)}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <UserForm onCreate={create} />
      )}
      <ListFilter id="user-q" label={t('admin.users.search')} onSearch={setQ} />
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('admin.users.loading')}</Loading>}
        {state.phase === 'forbidden' && <Forbidden />}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'ready' && state.data.users.length === 0 && <Empty>{t('admin.users.empty')}</Empty>}
        {state.phase === 'ready' && state.data.users.length > 0 && (
          <div className="table-wrap">
            <table className="admin-table">
              <caption className="muted">
                {t('admin.users.count', { shown: state.data.users.length, total: state.data.total })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.col.account')}</th>
                  <th scope="col">{t('admin.role')}</th>
                  <th scope="col">{t('admin.facility')}</th>
                  <th scope="col">{t('admin.status')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      {u.displayName}
                      <br />
                      <code>{u.username}</code>
                      {u.demo && <span className="badge"> {t('admin.demo')}</span>}
                    </th>
                    <td>{t(`role.${u.role}` as MessageKey)}</td>
                    <td>{u.organizationName ?? u.organizationId ?? '—'}</td>
                    <td>
                      {u.disabled
                        ? t('admin.disabled')
                        : u.locked
                          ? t('admin.users.locked', { until: date(u.lockedUntil, true) })
                          : t('admin.active')}
                      {u.mustChangePassword && !u.disabled && (
                        <span className="muted small">
                          <br />
                          {t('admin.users.temporaryPassword')}
                        </span>
                      )}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        onClick={() => {
                          setDone(undefined);
                          setEditing(u);
                        }}
                        aria-label={t('admin.users.editLabel', { username: u.username })}
                      >
                        {t('admin.users.edit')}
                      </button>
                      {u.disabled ? (
                        <button
                          type="button"
                          onClick={() => void act(u, 'enable')}
                          aria-label={t('admin.users.enableLabel', { username: u.username })}
                        >
                          {t('admin.enable')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => void act(u, 'disable')}
                          aria-label={t('admin.users.disableLabel', { username: u.username })}
                        >
                          {t('admin.disable')}
                        </button>
                      )}
                      <button
                        type="button"
                        onClick={() => void act(u, 'reset-password')}
                        aria-label={t('admin.users.resetLabel', { username: u.username })}
                      >
                        {t('admin.users.resetPassword')}
                      </button>
                      {u.locked && (
                        <button
                          type="button"
                          onClick={() => void act(u, 'unlock')}
                          aria-label={t('admin.users.unlockLabel', { username: u.username })}
                        >
                          {t('admin.users.unlock')}
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
