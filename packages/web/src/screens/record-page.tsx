import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { BreakGlass } from '../components/break-glass';
import { ErrorBox, Loading } from '../components/states';
import { Link } from '../router';
import { useRecord } from '../record/use-record';
import { glassUntil as openedUntil, rememberGlass } from '../record/glass';
import { genderKey, personName } from '../record/person';
import { RecordView } from '../record/record-view';

/** The longitudinal record of one person, across every facility. */
export function RecordPage({ personId }: { personId: string }) {
  const { t, date, time } = useI18n();
  const { state, reload } = useRecord(personId);
  const [glassUntil, setGlassUntil] = useState<string | undefined>(() => openedUntil(personId));
  const [expired, setExpired] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // When the emergency access ends, the record closes: what the server no
  // longer allows is not left on screen.
  useEffect(() => {
    if (!glassUntil) return;
    const ms = Date.parse(glassUntil) - Date.now();
    const timer = setTimeout(
      () => {
        setGlassUntil(undefined);
        setExpired(true);
        reload();
      },
      Math.max(0, Math.min(ms, 2 ** 31 - 1)),
    );
    return () => clearTimeout(timer);
  }, [glassUntil, reload]);

  useEffect(() => {
    if (state.phase === 'ready' || state.phase === 'forbidden') heading.current?.focus();
  }, [state.phase]);

  if (state.phase === 'loading') {
    return <Loading>{state.count > 0 ? t('record.loadingPage', { count: state.count }) : t('record.loading')}</Loading>;
  }
  if (state.phase === 'error') return <ErrorBox error={state.error} onRetry={reload} />;
  if (state.phase === 'not-found') {
    return (
      <div className="card">
        <p>{t('record.notFound')}</p>
        <Link to="/">{t('app.backToSearch')}</Link>
      </div>
    );
  }
  if (state.phase === 'person-forbidden') {
    return (
      <div className="card" role="alert">
        <p>
          <strong>{t('bg.title')}.</strong> {t('record.personForbidden')}
        </p>
        <Link to="/">{t('app.backToSearch')}</Link>
      </div>
    );
  }
  if (state.phase === 'forbidden') {
    const p = state.person;
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {personName(p)}
        </h1>
        <p className="subtitle">
          {t(genderKey(p.gender))} · {date(p.birthDate)}
        </p>
        {expired && (
          <p className="notice" role="status">
            {t('bg.expired')}
          </p>
        )}
        <BreakGlass
          target={{ kind: 'records', patientIds: state.patientIds }}
          refusal={state.message}
          onOpened={(until) => {
            rememberGlass(personId, until);
            setExpired(false);
            setGlassUntil(until);
            reload();
          }}
        />
      </>
    );
  }

  const { record, names } = state;
  const main = record.person ?? record.patients[0];
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {personName(main)}
      </h1>
      <p className="subtitle">
        {t(genderKey(main?.gender))} · {date(main?.birthDate)} · {t('record.title')}
      </p>
      {glassUntil && (
        <p className="notice warning" role="status">
          {t('bg.active', { time: time(glassUntil) })}
        </p>
      )}
      <RecordView record={record} names={names} />
    </>
  );
}
