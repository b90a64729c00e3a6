import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../components/states';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';
import { ROLES } from './admin-types';
import { RoleMeaning } from './role-meaning';

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  organizationId?: string;
}

/** People's roles (a facility system is a client, registered on the clients screen). */
export const PERSON_ROLES = ROLES.filter((r) => r !== 'facility-system' && r !== 'resident');

/** A new staff account: the server answers with a temporary password, shown once. */
export function UserForm({ onCreate }: { onCreate: (user: NewUser) => Promise<void> }) {
  const { t } = useI18n();
  const id = useId();
  const [user, setUser] = useState<NewUser>({ username: '', displayName: '', role: 'clinician', organizationId: '' });
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof NewUser) => (e: { target: { value: string } }) =>
    setUser((u) => ({ ...u, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!user.username.trim() || !user.displayName.trim()) return setProblem(t('admin.users.required'));
    setBusy(true);
    setProblem(undefined);
    try {
      const organizationId = user.organizationId?.trim();
      await onCreate({
        username: user.username.trim(),
        displayName: user.displayName.trim(),
        role: user.role,
        ...(organizationId ? { organizationId } : {}),
      });
      setUser({ username: '', displayName: '', role: user.role, organizationId: '' });
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card admin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.users.new')}</h2>
      <div className="fields">
        <div>
          <label htmlFor={`${id}-username`}>{t('admin.users.username')}</label>
          <input
            id={`${id}-username`}
            value={user.username}
            onChange={set('username')}
            autoComplete="off"
            aria-describedby={`${id}-username-hint`}
          />
          <p className="hint" id={`${id}-username-hint`}>
            {t('admin.users.usernameHint')}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-name`}>{t('admin.users.displayName')}</label>
          <input id={`${id}-name`} value={user.displayName} onChange={set('displayName')} autoComplete="off" />
        </div>
        <div>
          <label htmlFor={`${id}-role`}>{t('admin.role')}</label>
          <select id={`${id}-role`} value={user.role} onChange={set('role')} aria-describedby={`${id}-meaning`}>
            {PERSON_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
          <RoleMeaning role={user.role} id={`${id}-meaning`} />
        </div>
        <div>
          <label htmlFor={`${id}-org`}>{t('admin.organizationId')}</label>
          <input
            id={`${id}-org`}
            value={user.organizationId}
            onChange={set('organizationId')}
            aria-describedby={`${id}-org-hint`}
          />
          <p className="hint" id={`${id}-org-hint`}>
            {t('admin.organizationIdHint')}
          </p>
        </div>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('admin.saving') : t('admin.users.create')}
      </button>
    </form>
  );
}
