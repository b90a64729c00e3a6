import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorText } from '../components/states';

export type Decision = 'link' | 'not-same';

/** A steward's answer to one possible duplicate: same person or not, and why (kept in the audit trail). */
export function DecisionForm({ onDecide }: { onDecide: (decision: Decision, reason: string) => Promise<void> }) {
  const { t } = useI18n();
  const ids = useId();
  const [decision, setDecision] = useState<Decision>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!decision) return setProblem(t('review.chooseFirst'));
    if (reason.trim().length < 5) return setProblem(t('review.reasonShort'));
    setProblem(undefined);
    setBusy(true);
    try {
      await onDecide(decision, reason.trim());
    } catch (err) {
      setProblem(t('review.failed', { message: errorText(err, t) }));
      setBusy(false);
    }
  };

  return (
    <form className="decision" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('review.question')}</legend>
        <label className="choice">
          <input
            type="radio"
            name={`${ids}-decision`}
            value="link"
            checked={decision === 'link'}
            onChange={() => setDecision('link')}
          />
          {t('review.same')}
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${ids}-decision`}
            value="not-same"
            checked={decision === 'not-same'}
            onChange={() => setDecision('not-same')}
          />
          {t('review.notSame')}
        </label>
      </fieldset>
      <label htmlFor={`${ids}-reason`}>{t('review.reason')}</label>
      <textarea
        id={`${ids}-reason`}
        rows={2}
        value={reason}
        aria-describedby={`${ids}-hint${problem ? ` ${ids}-problem` : ''}`}
        aria-invalid={!!problem && reason.trim().length < 5}
        onChange={(e) => setReason(e.target.value)}
      />
      <p className="hint" id={`${ids}-hint`}>
        {t('review.reasonHint')}
      </p>
      {problem && (
        <p className="field-error" id={`${ids}-problem`} role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('review.saving') : t('review.save')}
      </button>
    </form>
  );
}
