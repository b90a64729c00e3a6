import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorBox, Loading } from '../components/states';
import { Link } from '../router';
import { genderKey, personName } from '../record/person';
import { RecordView } from '../record/record-view';
import { useOwnRecord } from '../record/use-own-record';

/** A resident's own health book: their record, as the facilities recorded it, and where to go next. */
export function HealthBookPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { state, reload } = useOwnRecord(patientId);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.phase === 'ready') heading.current?.focus();
  }, [state.phase]);

  if (state.phase === 'loading') {
    return <Loading>{state.count > 0 ? t('record.loadingPage', { count: state.count }) : t('record.loading')}</Loading>;
  }
  if (state.phase === 'error') return <ErrorBox error={state.error} onRetry={reload} />;
  const { record, names } = state;
  const main = record.patients.find((p) => p.id === patientId) ?? record.patients[0];
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('book.title')}
      </h1>
      <p className="subtitle">
        {personName(main)} · {t(genderKey(main?.gender))} · {date(main?.birthDate)}
      </p>
      <div className="card book-links">
        <p>{t('book.intro')}</p>
        <ul className="plain">
          <li>
            <Link to="/access-log">{t('book.accessLog')}</Link> — {t('book.accessLogHint')}
          </li>
          <li>
            <Link to="/vaccinations">{t('book.vaccinations')}</Link> — {t('book.vaccinationsHint')}
          </li>
          <li>
            <Link to="/consent">{t('book.consent')}</Link> — {t('book.consentHint')}
          </li>
        </ul>
      </div>
      <RecordView record={record} names={names} />
    </>
  );
}
