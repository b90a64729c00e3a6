import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorText } from '../components/states';

/** What the last action did, or why it failed: announced to screen readers. */
export function ActionNotices({ done, error }: { done?: string | undefined; error?: unknown }) {
  const { t } = useI18n();
  return (
    <>
      {done && (
        <p className="notice success" role="status">
          {done}
        </p>
      )}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {errorText(error, t)}
        </p>
      )}
    </>
  );
}

/** The search box above an administration list; the list reloads when it is submitted. */
export function ListFilter({ id, label, onSearch }: { id: string; label: string; onSearch: (q: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      className="search-form admin-filter"
      role="search"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <div className="grow">
        <label htmlFor={id}>{label}</label>
        <input id={id} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit">{t('admin.search')}</button>
    </form>
  );
}
