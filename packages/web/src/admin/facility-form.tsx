import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../components/states';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';
import { FACILITY_KINDS, useRegisterFacility, type FacilityKind } from './facility-api';

type Field = 'code' | 'name' | 'commune';

/**
 * Registers a facility as a FHIR Organization: its 5-character MA_CSKCB
 * code (unique: the server is asked to create it only if no Organization
 * holds the code), name, kind and address. Each field says what is wrong
 * with it, in the app's language.
 */
export function FacilityForm({ onRegistered }: { onRegistered: (message: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const register = useRegisterFacility();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FacilityKind>('health-station');
  const [commune, setCommune] = useState('');
  const [street, setStreet] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim().toUpperCase();
    const found: Partial<Record<Field, string>> = {};
    if (!/^[0-9A-Z]{5}$/.test(c)) found.code = t('admin.facilities.form.codeInvalid');
    if (!name.trim()) found.name = t('admin.facilities.form.nameRequired');
    if (!commune.trim()) found.commune = t('admin.facilities.form.communeRequired');
    setProblems(found);
    setProblem(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const { created, organization } = await register({
        code: c,
        name: name.trim(),
        kind,
        commune: commune.trim(),
        street: street.trim(),
      });
      if (!created) {
        setProblems({ code: t('admin.facilities.form.codeTaken', { code: c, name: organization.name ?? '' }) });
        return;
      }
      onRegistered(t('admin.facilities.form.done', { name: organization.name ?? '', id: organization.id ?? '' }));
      setCode('');
      setName('');
      setCommune('');
      setStreet('');
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const error = (f: Field) =>
    problems[f] ? (
      <p className="field-error" id={`${id}-${f}-error`}>
        {problems[f]}
      </p>
    ) : null;
  const described = (f: Field, hint?: string) =>
    [hint, problems[f] ? `${id}-${f}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="card admin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.facilities.form.title')}</h2>
      <div className="fields">
        <div>
          <label htmlFor={`${id}-code`}>{t('admin.facilities.form.code')}</label>
          <input
            id={`${id}-code`}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            maxLength={5}
            aria-invalid={problems.code ? true : undefined}
            aria-describedby={described('code', `${id}-code-hint`)}
          />
          <p className="hint" id={`${id}-code-hint`}>
            {t('admin.facilities.form.codeHint')}
          </p>
          {error('code')}
        </div>
        <div>
          <label htmlFor={`${id}-name`}>{t('admin.facilities.col.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            aria-invalid={problems.name ? true : undefined}
            aria-describedby={described('name')}
          />
          {error('name')}
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>{t('admin.facilities.col.type')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as FacilityKind)}>
            {FACILITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.facilities.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-commune`}>{t('admin.facilities.form.commune')}</label>
          <input
            id={`${id}-commune`}
            value={commune}
            onChange={(e) => setCommune(e.target.value)}
            aria-invalid={problems.commune ? true : undefined}
            aria-describedby={described('commune')}
          />
          {error('commune')}
        </div>
        <div>
          <label htmlFor={`${id}-street`}>{t('admin.facilities.form.street')}</label>
          <input id={`${id}-street`} value={street} onChange={(e) => setStreet(e.target.value)} />
        </div>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {Object.keys(problems).length > 0 && (
        <p className="field-error" role="alert">
          {t('admin.facilities.form.fix')}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('admin.saving') : t('admin.facilities.form.register')}
      </button>
    </form>
  );
}
