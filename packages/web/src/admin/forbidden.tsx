import { useI18n } from '../i18n/i18n';

/** What a signed-in person who is not an administrator sees on an administration screen (the server refused: 403). */
export function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="card" role="alert">
      <p>{t('admin.forbidden')}</p>
    </div>
  );
}
