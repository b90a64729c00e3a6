import { useI18n } from '../i18n/i18n';
import { FacilityName, FacilityNames } from '../components/facility-name';
import type { MessageKey } from '../i18n/vi';
import type { LongitudinalRecord } from './build-record';
import { Administrative } from './sections/administrative';
import { Allergies } from './sections/allergies';
import { Conditions } from './sections/conditions';
import { Encounters } from './sections/encounters';
import { Immunizations } from './sections/immunizations';
import { Labs } from './sections/labs';
import { Medications } from './sections/medications';
import { Referrals } from './sections/referrals';
import { Procedures } from './sections/procedures';
import { FamilyHistory } from './sections/family-history';
import { Reports } from './sections/reports';

const SECTIONS: [string, MessageKey][] = [
  ['administrative', 'admin.title'],
  ['conditions', 'conditions.title'],
  ['allergies', 'allergies.title'],
  ['procedures', 'procedures.title'],
  ['family-history', 'family.title'],
  ['medications', 'medications.title'],
  ['labs', 'labs.title'],
  ['reports', 'reports.title'],
  ['encounters', 'encounters.title'],
  ['immunizations', 'immunizations.title'],
  ['referrals', 'referrals.title'],
];

/**
 * The parts of a record, with the facilities it came from and a menu: the
 * clinician's record page and the resident's health book show the same view.
 */
export function RecordView({ record, names }: { record: LongitudinalRecord; names: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  return (
    <FacilityNames.Provider value={names}>
      <div className="sources" aria-label={t('record.sources', { count: record.facilities.length })}>
        <strong>{t('record.sources', { count: record.facilities.length })}:</strong>{' '}
        {record.facilities.map((f, i) => (
          <span key={f.id ?? f.name ?? i} className="chip">
            <FacilityName facility={f} />
          </span>
        ))}
        <span className="muted"> {t('record.sourcesHint')}</span>
      </div>
      <div className="record-layout">
        <nav className="section-nav" aria-label={t('record.sections')}>
          <ul>
            {SECTIONS.map(([id, key]) => (
              <li key={id}>
                <a href={`#${id}`}>{t(key)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="record-sections">
          <Administrative {...(record.person ? { person: record.person } : {})} patients={record.patients} />
          <Conditions rows={record.conditions} />
          <Allergies rows={record.allergies} />
          <Procedures rows={record.procedures} />
          <FamilyHistory rows={record.familyHistory} />
          <Medications current={record.currentMedications} recent={record.recentMedications} />
          <Labs series={record.labs} />
          <Reports rows={record.reports} />
          <Encounters rows={record.encounters} />
          <Immunizations rows={record.immunizations} />
          <Referrals rows={record.referrals} />
        </div>
      </div>
    </FacilityNames.Provider>
  );
}
