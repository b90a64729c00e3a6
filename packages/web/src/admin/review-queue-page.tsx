import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bundle, Organization, Parameters, Patient } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { FacilityNames } from '../components/facility-name';
import { Empty, ErrorBox, Loading } from '../components/states';
import { FhirHttpError, type FhirClient } from '../fhir/client';
import { useI18n } from '../i18n/i18n';
import { namesFromDisplays, unnamedFacilities } from '../record/facility';
import { personName } from '../record/person';
import { DecisionForm, type Decision } from './decision-form';
import { ReviewPair } from './review-pair';
import { eventId, parameters, parseReviews, type ReviewItem } from './reviews';

const PAGE = 20;
/** The most the server gives in one request (`_count`). */
const MAX_COUNT = 200;

/** Some pairs of the queue, with the records they name and those records' facilities. */
interface Page {
  total: number;
  items: ReviewItem[];
  patients: ReadonlyMap<string, Patient>;
  names: ReadonlyMap<string, string>;
}

type State =
  { phase: 'loading' } | ({ phase: 'ready' } & Page) | { phase: 'forbidden' } | { phase: 'error'; error: unknown };

/** What the steward did last, to say so and to offer undoing it. */
interface Last {
  decision: Decision;
  names: string;
  /** The event the decision answered with: undoing it reverses a link, or puts a "not the same" pair back in the queue. */
  event?: string;
  undone?: boolean;
}

/**
 * The review queue of possible duplicate patients, for a data steward
 * (administrator): both records side by side, the weight and each field's
 * comparison, a decision with its reason, undo of the last decision, and
 * the queue a page at a time.
 */
export function ReviewQueuePage() {
  const { t, number } = useI18n();
  const { fhir } = useAuth();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const [last, setLast] = useState<Last>();
  const [undoError, setUndoError] = useState<unknown>();
  const [undoing, setUndoing] = useState(false);
  const [more, setMore] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  // How many pairs the steward has opened with "more": a reload after a decision keeps them.
  const wanted = useRef(PAGE);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    load(fhir, 0, Math.min(wanted.current, MAX_COUNT))
      .then((page) => {
        if (live) setState({ phase: 'ready', ...page });
      })
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof FhirHttpError && error.status === 403) setState({ phase: 'forbidden' });
        else setState({ phase: 'error', error });
      });
    return () => {
      live = false;
    };
  }, [fhir, generation]);

  const decide = async (item: ReviewItem, decision: Decision, reason: string, names: string) => {
    const answer = await fhir.post<Parameters>(
      'Patient/$mpi-decide',
      parameters({ review: item.id, decision, reason }),
    );
    const event = eventId(answer);
    // Decided: off the list at once (a second answer would be refused), then the queue as it is now.
    setState((s) =>
      s.phase === 'ready' ? { ...s, total: s.total - 1, items: s.items.filter((i) => i.id !== item.id) } : s,
    );
    setUndoError(undefined);
    setLast({ decision, names, ...(event ? { event } : {}) });
    reload();
  };

  const showMore = async () => {
    if (state.phase !== 'ready') return;
    setMore({ busy: true });
    try {
      const next = await load(fhir, state.items.length, PAGE);
      const seen = new Set(state.items.map((i) => i.id));
      const items = [...state.items, ...next.items.filter((i) => !seen.has(i.id))];
      wanted.current = items.length;
      setState({
        phase: 'ready',
        total: next.total,
        items,
        patients: new Map([...state.patients, ...next.patients]),
        names: new Map([...state.names, ...next.names]),
      });
      setMore({ busy: false });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const undo = async () => {
    if (!last?.event) return;
    setUndoing(true);
    try {
      await fhir.post('Patient/$mpi-undo', parameters({ event: last.event, reason: t('review.undoReason') }));
      setLast({ ...last, undone: true });
      setUndoError(undefined);
      reload();
    } catch (err) {
      setUndoError(err);
    } finally {
      setUndoing(false);
    }
  };

  return (
    <>
      <h1>{t('review.title')}</h1>
      <p className="subtitle">{t('review.intro')}</p>
      {last && (
        <div className={`notice${last.undone ? '' : ' success'}`} role="status">
          <p>
            {last.undone
              ? t(last.decision === 'link' ? 'review.undone' : 'review.reopened', { names: last.names })
              : last.decision === 'link'
                ? t('review.linked', { names: last.names })
                : t('review.keptApart', { names: last.names })}
          </p>
          {!last.undone && last.event && (
            <button type="button" onClick={() => void undo()} disabled={undoing}>
              {undoing ? t('review.undoing') : t('review.undo')}
            </button>
          )}
          {undoError !== undefined && <ErrorBox error={undoError} />}
        </div>
      )}
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('review.loading')}</Loading>}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'forbidden' && (
          <div className="card" role="alert">
            <p>{t('review.forbidden')}</p>
          </div>
        )}
        {state.phase === 'ready' && state.items.length === 0 && <Empty>{t('review.empty')}</Empty>}
        {state.phase === 'ready' && state.items.length > 0 && (
          <FacilityNames.Provider value={state.names}>
            <p>
              {state.total > state.items.length
                ? t('review.countMore', { count: state.items.length, total: state.total })
                : t('review.count', { count: state.total })}
            </p>
            {state.items.map((item) => {
              const a = state.patients.get(item.patientId);
              const b = state.patients.get(item.candidateId);
              const names = `${personName(a)} · ${personName(b)}`;
              return (
                <section key={item.id} className="card review" aria-labelledby={`review-${item.id}`}>
                  <h2 id={`review-${item.id}`}>
                    {names}
                    <span className="muted"> · {t('review.weight', { weight: number(item.weight) })}</span>
                  </h2>
                  {item.conflict && (
                    <p className="notice warning">
                      <strong>{t('review.conflict')}:</strong> {item.conflict}
                    </p>
                  )}
                  <ReviewPair item={item} {...(a ? { a } : {})} {...(b ? { b } : {})} />
                  <DecisionForm onDecide={(decision, reason) => decide(item, decision, reason, names)} />
                </section>
              );
            })}
            {state.items.length < state.total && (
              <div className="more">
                <button type="button" onClick={() => void showMore()} disabled={more.busy}>
                  {more.busy
                    ? t('review.loadingMore')
                    : t('review.more', { count: Math.min(PAGE, state.total - state.items.length) })}
                </button>
                {more.error !== undefined && <ErrorBox error={more.error} onRetry={() => void showMore()} />}
              </div>
            )}
          </FacilityNames.Provider>
        )}
      </div>
    </>
  );
}

/** `count` open pairs from the `offset`-th (highest weight first), with their records and facility names. */
async function load(fhir: FhirClient, offset: number, count: number): Promise<Page> {
  const { total, items } = parseReviews(
    await fhir.get<Parameters>(`Patient/$mpi-reviews?status=open&_count=${count}&_offset=${offset}`),
  );
  const ids = [...new Set(items.flatMap((i) => [i.patientId, i.candidateId]))];
  const patients = new Map<string, Patient>();
  if (ids.length > 0) {
    const bundle: Bundle<Patient> = await fhir.search<Patient>(
      `Patient?_id=${encodeURIComponent(ids.join(','))}&_count=${ids.length}`,
    );
    for (const e of bundle.entry ?? []) if (e.resource?.id) patients.set(e.resource.id, e.resource);
  }
  const list = [...patients.values()];
  const names = namesFromDisplays(list);
  const missing = unnamedFacilities(list, names);
  if (missing.length > 0) {
    try {
      const orgs = await fhir.search<Organization>(
        `Organization?_id=${encodeURIComponent(missing.join(','))}&_elements=name&_count=${missing.length}`,
      );
      for (const e of orgs.entry ?? [])
        if (e.resource?.id && e.resource.name) names.set(e.resource.id, e.resource.name);
    } catch {
      // Ids are shown instead of names.
    }
  }
  return { total, items, patients, names };
}
