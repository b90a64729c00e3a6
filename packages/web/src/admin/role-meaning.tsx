import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';

/** What a role lets its holder do, in a sentence, under the field that picks it. */
export function RoleMeaning({ role, id }: { role: string; id: string }) {
  const { t } = useI18n();
  return (
    <p className="hint" id={id} aria-live="polite">
      {t(`admin.roleMeaning.${role}` as MessageKey)}
    </p>
  );
}
