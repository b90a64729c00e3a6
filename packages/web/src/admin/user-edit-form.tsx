import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../components/states';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';
import type { UserView } from './admin-types';
import { RoleMeaning } from './role-meaning';
import { PERSON_ROLES } from './user-form';

export interface UserChange {
  role: string;
  /** null takes the facility away. */
  organizationId: string | null;
}

/**
 * A person's new role or facility. The server ends their current sessions
 * (what they may see changed) and refuses to demote the last active
 * administrator; its message is shown as it comes.
 */
export function UserEditForm({
  user,
  onSave,
  onCancel,
}: {
  user: UserView;
  onSave: (change: UserChange) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [role, setRole] = useState(user.role);
  const [organizationId, setOrganizationId] = useState(user.organizationId ?? '');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await onSave({ role, organizationId: organizationId.trim() || null });
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card admin-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.users.edit.title', { username: user.username })}</h2>
      <p className="muted">{t('admin.users.edit.intro')}</p>
      <div className="fields">
        <div>
          <label htmlFor={`${id}-role`}>{t('admin.role')}</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => setRole(e.target.value)}
            aria-describedby={`${id}-meaning`}
          >
            {PERSON_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
          <RoleMeaning role={role} id={`${id}-meaning`} />
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
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('admin.saving') : t('admin.users.edit.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
