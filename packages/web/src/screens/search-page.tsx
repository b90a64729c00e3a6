import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Person } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { BreakGlass } from '../components/break-glass';
import { Empty, ErrorBox, Loading } from '../components/states';
import { rememberGlass } from '../record/glass';
import { Link, navigate } from '../router';
import { BHYT_SYSTEM, CCCD_SYSTEM, parseQuery, personSearchPath, type PatientQuery } from '../search/parse-query';
import { genderKey, linkedPatientIds, personName } from '../record/person';
import type { MessageKey } from '../i18n/vi';

const PAGE = 25;

type Result =
  | { phase: 'idle' }
  | { phase: 'searching' }
  | { phase: 'done'; people: Person[]; more: boolean }
  | { phase: 'error'; error: unknown };

const KIND: Record<PatientQuery['kind'], MessageKey> = {
  cccd: 'search.kind.cccd',
  bhyt: 'search.kind.bhyt',
  name: 'search.kind.name',
};

/**
 * Patient search, one row per person: the master records (Person) that the
 * patient index keeps over every facility's registrations. The query lives
 * in the address (?q=…&year=…), so Back returns to the results.
 */
export function SearchPage({ search }: { search: string }) {
  const { t, date } = useI18n();
  const { fhir } = useAuth();
  const params = new URLSearchParams(search);
  const q = params.get('q') ?? '';
  const year = params.get('year') ?? '';
  const [text, setText] = useState(q);
  const [yearText, setYearText] = useState(year);
  const [result, setResult] = useState<Result>({ phase: 'idle' });
  const [problem, setProblem] = useState<MessageKey>();
  const ids = useId();
  const input = useRef<HTMLInputElement>(null);
  const parsed = q ? parseQuery(q, year) : undefined;

  useEffect(() => {
    setText(q);
    setYearText(year);
    if (!q) {
      setResult({ phase: 'idle' });
      return;
    }
    const query = parseQuery(q, year);
    if (typeof query === 'string') return;
    let live = true;
    setResult({ phase: 'searching' });
    fhir
      .search<Person>(personSearchPath(query, PAGE + 1))
      .then((bundle) => {
        // Merged-away master records stay as pointers to the survivor: not a person to list.
        const people = (bundle.entry ?? [])
          .map((e) => e.resource)
          .filter((p): p is Person => !!p && p.active !== false && linkedPatientIds(p).length > 0);
        if (live) setResult({ phase: 'done', people: people.slice(0, PAGE), more: people.length > PAGE });
      })
      .catch((error: unknown) => live && setResult({ phase: 'error', error }));
    return () => {
      live = false;
    };
  }, [fhir, q, year]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = parseQuery(text, yearText);
    if (typeof query === 'string') {
      setProblem(query === 'tooShort' ? 'search.tooShort' : 'search.badYear');
      input.current?.focus();
      return;
    }
    setProblem(undefined);
    const next = new URLSearchParams({ q: text.trim(), ...(yearText.trim() ? { year: yearText.trim() } : {}) });
    navigate(`/?${next.toString()}`);
  };

  // After an emergency opening by identifier: the person's master record, now visible.
  const openPerson = async (expires: string, patientIds: string[]) => {
    try {
      const bundle = await fhir.search<Person>(`Person?patient=${encodeURIComponent(patientIds.join(','))}&_count=1`);
      const person = bundle.entry?.[0]?.resource;
      if (!person?.id) throw new Error(t('record.notFound'));
      rememberGlass(person.id, expires);
      navigate(`/person/${encodeURIComponent(person.id)}`);
    } catch (error) {
      setResult({ phase: 'error', error });
    }
  };

  const value = (p: Person, system: string) => p.identifier?.find((i) => i.system === system)?.value;

  return (
    <>
      <h1>{t('search.title')}</h1>
      <form className="card search-form" role="search" onSubmit={submit} noValidate>
        <div className="field grow">
          <label htmlFor={`${ids}-q`}>{t('search.label')}</label>
          <input
            id={`${ids}-q`}
            ref={input}
            type="search"
            value={text}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            aria-describedby={`${ids}-hint${problem ? ` ${ids}-problem` : ''}`}
            aria-invalid={!!problem}
            onChange={(e) => setText(e.target.value)}
          />
          <p className="hint" id={`${ids}-hint`}>
            {t('search.hint')}
          </p>
        </div>
        <div className="field year">
          <label htmlFor={`${ids}-year`}>{t('search.year')}</label>
          <input
            id={`${ids}-year`}
            inputMode="numeric"
            maxLength={4}
            value={yearText}
            autoComplete="off"
            onChange={(e) => setYearText(e.target.value)}
          />
        </div>
        <button type="submit" className="primary">
          {t('search.button')}
        </button>
        {problem && (
          <p className="field-error" id={`${ids}-problem`} role="alert">
            {t(problem)}
          </p>
        )}
      </form>

      <div aria-live="polite">
        {result.phase === 'idle' && <Empty>{t('search.start')}</Empty>}
        {result.phase === 'searching' && <Loading>{t('search.searching')}</Loading>}
        {result.phase === 'error' && <ErrorBox error={result.error} onRetry={() => navigate(location.href, true)} />}
        {result.phase === 'done' && result.people.length === 0 && (
          <div className="card">
            <p>
              <strong>{t('search.none', { query: q })}</strong>
            </p>
            {parsed && typeof parsed !== 'string' && parsed.kind === 'name' && <p>{t('search.noneHint')}</p>}
          </div>
        )}
        {result.phase === 'done' &&
          result.people.length === 0 &&
          parsed &&
          typeof parsed !== 'string' &&
          parsed.kind !== 'name' && (
            <BreakGlass
              key={parsed.value}
              target={{
                kind: 'identifier',
                system: parsed.kind === 'cccd' ? CCCD_SYSTEM : BHYT_SYSTEM,
                value: parsed.value,
              }}
              onOpened={(expires, patientIds) => void openPerson(expires, patientIds)}
            />
          )}
        {result.phase === 'done' && result.people.length > 0 && (
          <section className="card" aria-labelledby={`${ids}-results`}>
            <h2 id={`${ids}-results`}>
              {result.more
                ? t('search.resultsMore', { count: result.people.length })
                : t('search.results', { count: result.people.length })}
              {parsed && typeof parsed !== 'string' && <span className="muted"> · {t(KIND[parsed.kind])}</span>}
            </h2>
            <div className="table-wrap">
              <table className="results">
                <thead>
                  <tr>
                    <th scope="col">{t('search.col.name')}</th>
                    <th scope="col">{t('search.col.birth')}</th>
                    <th scope="col">{t('search.col.gender')}</th>
                    <th scope="col">{t('search.col.ids')}</th>
                    <th scope="col">{t('search.col.address')}</th>
                    <th scope="col">{t('search.col.records')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.people.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/person/${encodeURIComponent(p.id ?? '')}`}>{personName(p)}</Link>
                      </th>
                      <td>{date(p.birthDate)}</td>
                      <td>{t(genderKey(p.gender))}</td>
                      <td className="ids">
                        {value(p, CCCD_SYSTEM) && (
                          <span>
                            {t('id.cccd')} {value(p, CCCD_SYSTEM)}
                          </span>
                        )}
                        {value(p, BHYT_SYSTEM) && (
                          <span>
                            {t('id.bhyt')} {value(p, BHYT_SYSTEM)}
                          </span>
                        )}
                      </td>
                      <td>{p.address?.[0]?.text ?? p.address?.[0]?.city ?? '—'}</td>
                      <td className="num">{t('search.records', { count: linkedPatientIds(p).length })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
