import type { Patient, Person } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import { orgRef } from '../facility';
import { BHYT_SYSTEM, CCCD_SYSTEM } from '../../search/parse-query';
import { genderKey, personName } from '../person';

const ETHNICITY = 'http://fhir.lienthong.vn/StructureDefinition/ethnicity';

/** Administrative data: from the master record, and each facility's own registration. */
export function Administrative({ person, patients }: { person?: Person; patients: Patient[] }) {
  const { t, date } = useI18n();
  const main = person ?? patients[0];
  const all = [...(person ? [person] : []), ...patients];
  const ids = (system: string) => [
    ...new Map(
      all.flatMap((r) => (r.identifier ?? []).filter((i) => i.system === system && i.value)).map((i) => [i.value, i]),
    ).values(),
  ];
  const phones = [
    ...new Set(all.flatMap((r) => (r.telecom ?? []).filter((c) => c.system === 'phone')).map((c) => c.value)),
  ];
  const address = main?.address?.[0]?.text ?? patients.find((p) => p.address?.[0]?.text)?.address?.[0]?.text;
  const ethnicity = patients.flatMap((p) => p.extension ?? []).find((e) => e.url === ETHNICITY)?.valueCoding?.display;
  return (
    <Section id="administrative" title={t('admin.title')}>
      <dl className="facts">
        <dt>{t('admin.name')}</dt>
        <dd>{personName(main)}</dd>
        <dt>{t('admin.birth')}</dt>
        <dd>{date(main?.birthDate)}</dd>
        <dt>{t('admin.gender')}</dt>
        <dd>{t(genderKey(main?.gender))}</dd>
        <dt>{t('id.cccd')}</dt>
        <dd>
          {ids(CCCD_SYSTEM)
            .map((i) => i.value)
            .join(', ') || '—'}
        </dd>
        <dt>{t('id.bhyt')}</dt>
        <dd>
          {ids(BHYT_SYSTEM)
            .map((i) =>
              i.period?.end ? `${i.value} (${t('admin.bhytValid', { date: date(i.period.end) })})` : i.value,
            )
            .join(', ') || '—'}
        </dd>
        <dt>{t('admin.phone')}</dt>
        <dd>{phones.join(', ') || '—'}</dd>
        <dt>{t('admin.address')}</dt>
        <dd>{address ?? '—'}</dd>
        {ethnicity && (
          <>
            <dt>{t('admin.ethnicity')}</dt>
            <dd>{ethnicity}</dd>
          </>
        )}
      </dl>
      <h3>{t('admin.records')}</h3>
      <ul className="plain">
        {patients.map((p) => (
          <li key={p.id}>
            <FacilityName facility={orgRef(p.managingOrganization)} />
            <span className="muted">
              {' · '}
              {t('id.mrn')} {p.identifier?.find((i) => i.system?.includes('/sid/ma-bn/'))?.value ?? p.id}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
