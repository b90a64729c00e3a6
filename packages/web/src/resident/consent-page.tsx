import { useCallback, useEffect, useRef, useState } from 'react';
import type { Consent } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { ErrorBox, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { restrictedSince, restrictingConsent, restrictionsIn, withdrawn } from './consent';

type State = { phase: 'loading' } | { phase: 'ready'; restrictions: Consent[] } | { phase: 'error'; error: unknown };

/**
 * "Sharing of my record": what restricting means, whether the resident's
 * record is restricted now, and turning it on or off after a confirmation.
 * The server enforces the restriction and lets a resident write only their
 * own Consent; this screen only writes it.
 */
export function ConsentPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { fhir } = useAuth();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [done, setDone] = useState<'restricted' | 'lifted'>();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    fhir
      .search<Consent>(`Consent?patient=${encodeURIComponent(`Patient/${patientId}`)}&_count=100`)
      .then((bundle) => {
        if (live) setState({ phase: 'ready', restrictions: restrictionsIn(bundle) });
      })
      .catch((error: unknown) => {
        if (live) setState({ phase: 'error', error });
      });
    return () => {
      live = false;
    };
  }, [fhir, patientId, generation]);

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);

  if (state.phase === 'loading') return <Loading>{t('consent.loading')}</Loading>;
  if (state.phase === 'error') return <ErrorBox error={state.error} onRetry={reload} />;
  const restricted = state.restrictions.length > 0;

  const change = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      if (restricted) {
        // Every restriction in force is withdrawn, also one staff recorded for the resident.
        for (const c of state.restrictions) await fhir.put(`Consent/${encodeURIComponent(c.id!)}`, withdrawn(c));
      } else {
        await fhir.post('Consent', restrictingConsent(patientId));
      }
      setDone(restricted ? 'lifted' : 'restricted');
      setConfirming(false);
      reload();
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  const since = restrictedSince(state.restrictions);
  return (
    <>
      <h1>{t('consent.title')}</h1>
      <p className="subtitle">{t('consent.intro')}</p>
      <p>
        <Link to="/">{t('book.back')}</Link>
      </p>
      {done && (
        <p className="notice success" role="status">
          {t(done === 'restricted' ? 'consent.doneRestricted' : 'consent.doneLifted')}
        </p>
      )}
      <section className="card" aria-labelledby="consent-now">
        <h2 id="consent-now">{t('consent.now')}</h2>
        <p className={`consent-state${restricted ? ' restricted' : ''}`}>
          <strong>
            {restricted
              ? since
                ? t('consent.restrictedSince', { date: date(since) })
                : t('consent.restricted')
              : t('consent.shared')}
          </strong>
        </p>
        {!confirming && (
          <button type="button" className="primary" onClick={() => setConfirming(true)}>
            {restricted ? t('consent.lift') : t('consent.restrict')}
          </button>
        )}
        {confirming && (
          <div className="confirm" role="group" aria-labelledby="consent-confirm">
            <h3 id="consent-confirm" ref={confirmHeading} tabIndex={-1}>
              {restricted ? t('consent.confirmLiftTitle') : t('consent.confirmRestrictTitle')}
            </h3>
            <p>{restricted ? t('consent.confirmLift') : t('consent.confirmRestrict')}</p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => void change()} disabled={saving}>
                {saving
                  ? t('consent.saving')
                  : restricted
                    ? t('consent.confirmLiftButton')
                    : t('consent.confirmRestrictButton')}
              </button>
              <button type="button" onClick={() => setConfirming(false)} disabled={saving}>
                {t('consent.cancel')}
              </button>
            </div>
            {saveError !== undefined && <ErrorBox error={saveError} />}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="consent-what">
        <h2 id="consent-what">{t('consent.whatTitle')}</h2>
        <p>{t('consent.normally')}</p>
        <p>{t('consent.whenRestricted')}</p>
        <ul>
          <li>{t('consent.ownFacility')}</li>
          <li>{t('consent.emergency')}</li>
          <li>{t('consent.publicHealth')}</li>
          <li>{t('consent.you')}</li>
        </ul>
        <p>{t('consent.anyTime')}</p>
        <p>
          <Link to="/access-log">{t('book.accessLog')}</Link> — {t('consent.seeLog')}
        </p>
      </section>
    </>
  );
}
