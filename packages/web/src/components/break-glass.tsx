import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Parameters } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { FhirHttpError } from '../fhir/client';
import { errorText } from './states';

const MINUTES = [15, 30, 60, 120, 240];
const MIN_REASON = 10;

/** What to open: the records of a person the server refused, or whoever holds an identifier. */
export type GlassTarget =
  { kind: 'records'; patientIds: string[] } | { kind: 'identifier'; system: string; value: string };

/**
 * Emergency access ("break the glass", docs/security/access-policy.md): the
 * server refused the record (403), or a search by citizen ID found nobody the
 * clinician may see; the clinician states a reason, reads the warning,
 * chooses how long, and opens the records with `Patient/{id}/$break-glass`
 * (or `Patient/$break-glass` by identifier). The server checks and audits it all again.
 */
export function BreakGlass({
  target,
  refusal,
  onOpened,
}: {
  target: GlassTarget;
  refusal?: string;
  onOpened: (expires: string, patientIds: string[]) => void;
}) {
  const { t } = useI18n();
  const { fhir } = useAuth();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(30);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const ids = useId();

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  const tooShort = reason.trim().length < MIN_REASON;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (tooShort) {
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const parameters = [
        { name: 'reason', valueString: reason.trim() },
        { name: 'minutes', valueInteger: minutes },
      ];
      const answers =
        target.kind === 'records'
          ? await Promise.all(
              target.patientIds.map((id) =>
                fhir.post<Parameters>(`Patient/${encodeURIComponent(id)}/$break-glass`, {
                  resourceType: 'Parameters',
                  parameter: parameters,
                }),
              ),
            )
          : [
              await fhir.post<Parameters>('Patient/$break-glass', {
                resourceType: 'Parameters',
                parameter: [...parameters, { name: 'identifier', valueString: `${target.system}|${target.value}` }],
              }),
            ];
      const opened = answers.flatMap((a) =>
        (a.parameter ?? []).flatMap((p) =>
          p.name === 'patient' && p.valueReference?.reference
            ? [p.valueReference.reference.replace('Patient/', '')]
            : [],
        ),
      );
      const expires = answers.map((a) => a.parameter?.find((p) => p.name === 'expires')?.valueInstant ?? '').sort()[0]!;
      onOpened(expires, opened);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="card break-glass" role="region" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t(target.kind === 'records' ? 'bg.title' : 'bg.titleIdentifier')}</h2>
      <p>{t(target.kind === 'records' ? 'bg.why' : 'bg.whyIdentifier')}</p>
      {refusal && <p className="muted">{t('bg.server', { message: refusal })}</p>}
      {!open ? (
        <>
          <p>{t('bg.offer')}</p>
          <button type="button" className="danger" onClick={() => setOpen(true)}>
            {t('bg.start')}
          </button>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p className="warning" id={`${ids}-warning`}>
            {t('bg.warning')}
          </p>
          <label htmlFor={`${ids}-reason`}>{t('bg.reason')}</label>
          <textarea
            id={`${ids}-reason`}
            ref={reasonRef}
            value={reason}
            rows={3}
            required
            minLength={MIN_REASON}
            aria-invalid={touched && tooShort}
            aria-describedby={`${ids}-hint ${ids}-warning${touched && tooShort ? ` ${ids}-short` : ''}`}
            onChange={(e) => setReason(e.target.value)}
          />
          <p className="hint" id={`${ids}-hint`}>
            {t('bg.reasonHint')}
          </p>
          {touched && tooShort && (
            <p className="field-error" id={`${ids}-short`}>
              {t('bg.reasonShort', { count: reason.trim().length })}
            </p>
          )}
          <label htmlFor={`${ids}-minutes`}>{t('bg.minutes')}</label>
          <select id={`${ids}-minutes`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {MINUTES.map((m) => (
              <option key={m} value={m}>
                {t('bg.minutesValue', { minutes: m })}
              </option>
            ))}
          </select>
          {error !== undefined && (
            <p className="field-error" role="alert">
              {error instanceof FhirHttpError && error.status === 404 && target.kind === 'identifier'
                ? t('bg.noneFound')
                : t('bg.failed', { message: errorText(error, t) })}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="danger" disabled={busy}>
              {busy ? t('bg.opening') : t('bg.confirm')}
            </button>
            <button type="button" onClick={() => setOpen(false)} disabled={busy}>
              {t('bg.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
