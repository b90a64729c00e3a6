import { useCallback, useEffect, useState } from 'react';
import type { AuditEvent, Practitioner } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { FhirClient } from '../fhir/client';
import { useI18n } from '../i18n/i18n';
import { Empty, ErrorBox, Loading } from '../components/states';
import { Link } from '../router';
import { nameText } from '../record/person';
import { accessRow, roleKey, type AccessRow } from './access-log';

const PAGE = 50;

type State =
  | { phase: 'loading' }
  | { phase: 'ready'; rows: AccessRow[]; next?: string; names: ReadonlyMap<string, string>; more: boolean }
  | { phase: 'error'; error: unknown };

/**
 * "Who accessed my record": the audit trail's events on the resident's own
 * record, newest first (`GET AuditEvent`, which the server limits to their
 * record whatever is asked).
 */
export function AccessLogPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { fhir } = useAuth();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const loadPage = useCallback(
    async (path: string, before: AccessRow[], names: ReadonlyMap<string, string>) => {
      const bundle = await fhir.search<AuditEvent>(path);
      const rows = [
        ...before,
        ...(bundle.entry ?? []).flatMap((e) => (e.resource ? [accessRow(e.resource, patientId)] : [])),
      ];
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      return {
        phase: 'ready' as const,
        rows,
        names: await practitionerNames(fhir, rows, names),
        more: false,
        ...(next ? { next: FhirClient.relative(next) } : {}),
      };
    },
    [fhir, patientId],
  );

  useEffect(() => {
    let live = true;
    setState({ phase: 'loading' });
    loadPage(`AuditEvent?patient=${encodeURIComponent(patientId)}&_count=${PAGE}`, [], new Map())
      .then((s) => live && setState(s))
      .catch((error: unknown) => live && setState({ phase: 'error', error }));
    return () => {
      live = false;
    };
  }, [loadPage, patientId, generation]);

  const more = () => {
    if (state.phase !== 'ready' || !state.next) return;
    setState({ ...state, more: true });
    loadPage(state.next, state.rows, state.names).then(setState, (error: unknown) =>
      setState({ phase: 'error', error }),
    );
  };

  const who = (row: AccessRow, names: ReadonlyMap<string, string>) => {
    if ('self' in row.who) return t('log.you');
    if ('practitionerId' in row.who) return names.get(row.who.practitionerId) ?? t('log.staff');
    return row.who.display;
  };

  return (
    <>
      <h1>{t('log.title')}</h1>
      <p className="subtitle">{t('log.intro')}</p>
      <p>
        <Link to="/">{t('book.back')}</Link>
      </p>
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('log.loading')}</Loading>}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'ready' && state.rows.length === 0 && <Empty>{t('log.empty')}</Empty>}
        {state.phase === 'ready' && state.rows.length > 0 && (
          <section className="card" aria-labelledby="log-list">
            <h2 id="log-list">{t('log.count', { count: state.rows.length })}</h2>
            <div className="table-wrap">
              <table className="access-log">
                <thead>
                  <tr>
                    <th scope="col">{t('log.col.when')}</th>
                    <th scope="col">{t('log.col.who')}</th>
                    <th scope="col">{t('log.col.role')}</th>
                    <th scope="col">{t('log.col.what')}</th>
                    <th scope="col">{t('log.col.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.rows.map((r) => {
                    const role = roleKey(r.role);
                    return (
                      <tr key={r.id} className={r.breakGlass ? 'row-warning' : undefined}>
                        <td>{date(r.at, true)}</td>
                        <td>
                          {who(r, state.names)}
                          {r.app && <span className="muted small"> · {t('log.via', { app: r.app })}</span>}
                        </td>
                        <td>{role ? t(role) : (r.role ?? '—')}</td>
                        <td>
                          {t(r.what)}
                          {r.breakGlass && <strong className="tag warning-tag"> {t('log.breakGlass')}</strong>}
                        </td>
                        <td>{r.refused ? t('log.refused') : t('log.allowed')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {state.next && (
              <button type="button" onClick={more} disabled={state.more}>
                {state.more ? t('log.loading') : t('log.more')}
              </button>
            )}
          </section>
        )}
      </div>
      <p className="muted small">{t('log.questions')}</p>
    </>
  );
}

/** Names of the staff in the rows (Practitioner is shared reference data); ids missing a name say "staff". */
async function practitionerNames(
  fhir: FhirClient,
  rows: AccessRow[],
  known: ReadonlyMap<string, string>,
): Promise<ReadonlyMap<string, string>> {
  const names = new Map(known);
  const ids = [...new Set(rows.flatMap((r) => ('practitionerId' in r.who ? [r.who.practitionerId] : [])))].filter(
    (id) => !names.has(id),
  );
  for (let i = 0; i < ids.length; i += 50) {
    try {
      const bundle = await fhir.search<Practitioner>(
        `Practitioner?_id=${encodeURIComponent(ids.slice(i, i + 50).join(','))}&_count=50`,
      );
      for (const e of bundle.entry ?? []) {
        const name = nameText(e.resource?.name?.[0]);
        if (e.resource?.id && name) names.set(e.resource.id, name);
      }
    } catch {
      // Names help; the role and time still say what happened.
    }
  }
  return names;
}
