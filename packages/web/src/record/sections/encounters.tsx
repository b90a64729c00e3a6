import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { EncounterRow } from '../build-record';

const FIRST = 12;

function classKey(code: string | undefined): MessageKey {
  switch (code) {
    case 'AMB':
      return 'encounters.class.AMB';
    case 'IMP':
      return 'encounters.class.IMP';
    case 'EMER':
      return 'encounters.class.EMER';
    default:
      return 'encounters.class.other';
  }
}

/** The visits across facilities, newest first, as a timeline. */
export function Encounters({ rows }: { rows: EncounterRow[] }) {
  const { t, date } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST);
  return (
    <Section id="encounters" title={t('encounters.title')}>
      {rows.length === 0 ? (
        <Empty>{t('encounters.empty')}</Empty>
      ) : (
        <>
          <ol className="timeline">
            {shown.map((e) => (
              <li key={e.id} className={`timeline-item class-${(e.classCode ?? 'other').toLowerCase()}`}>
                <div className="timeline-when">
                  <time dateTime={e.start}>{date(e.start, true)}</time>
                </div>
                <div className="timeline-what">
                  <p className="timeline-title">
                    <strong>{t(classKey(e.classCode))}</strong>
                    {' · '}
                    <FacilityName facility={e.facility} />
                  </p>
                  {e.reason && (
                    <p>
                      <span className="muted">{t('encounters.reason')}:</span> {e.reason}
                    </p>
                  )}
                  {e.diagnoses.length > 0 && (
                    <p>
                      <span className="muted">{t('encounters.diagnoses')}:</span> {e.diagnoses.join('; ')}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ol>
          {rows.length > FIRST && (
            <button type="button" aria-expanded={all} onClick={() => setAll(!all)}>
              {all ? t('encounters.showFewer') : t('encounters.showAll', { count: rows.length })}
            </button>
          )}
        </>
      )}
    </Section>
  );
}
