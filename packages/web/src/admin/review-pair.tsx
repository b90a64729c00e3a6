import type { Patient } from '@medplum/fhirtypes';
import { useI18n } from '../i18n/i18n';
import { FacilityName } from '../components/facility-name';
import { orgRef } from '../record/facility';
import { genderKey, personName } from '../record/person';
import { BHYT_SYSTEM, CCCD_SYSTEM } from '../search/parse-query';
import type { MessageKey } from '../i18n/vi';
import { FIELD, levelKey, type ReviewItem } from './reviews';

type Row = { label: MessageKey; field?: string; value: (p: Patient | undefined) => string };

const id = (p: Patient | undefined, test: (system: string) => boolean) =>
  (p?.identifier ?? [])
    .filter((i) => i.value && test(i.system ?? ''))
    .map((i) => i.value)
    .join(', ') || '—';

/** Both records of a possible duplicate side by side, with how each field compares and what it weighs. */
export function ReviewPair({ item, a, b }: { item: ReviewItem; a?: Patient; b?: Patient }) {
  const { t, date, number } = useI18n();
  const rows: Row[] = [
    { label: 'admin.name', field: 'name', value: (p) => personName(p) },
    { label: 'admin.birth', field: 'birthDate', value: (p) => date(p?.birthDate) },
    { label: 'admin.gender', field: 'sex', value: (p) => t(genderKey(p?.gender)) },
    { label: 'id.cccd', field: 'cccd', value: (p) => id(p, (s) => s === CCCD_SYSTEM) },
    { label: 'id.bhyt', field: 'ssn', value: (p) => id(p, (s) => s === BHYT_SYSTEM) },
    { label: 'id.mrn', value: (p) => id(p, (s) => s.includes('/sid/ma-bn/')) },
    {
      label: 'admin.phone',
      field: 'phone',
      value: (p) =>
        (p?.telecom ?? [])
          .filter((c) => c.system === 'phone')
          .map((c) => c.value)
          .join(', ') || '—',
    },
    {
      label: 'admin.address',
      field: 'commune',
      value: (p) => {
        const a = p?.address?.[0];
        return a?.text ?? ([a?.line?.join(', '), a?.city, a?.district].filter(Boolean).join(', ') || '—');
      },
    },
  ];
  const compared = new Map(item.fields.map((f) => [f.name, f]));
  const level = (field: string | undefined) => {
    const f = field ? compared.get(field) : undefined;
    if (!f) return <span className="muted">{t('review.level.none')}</span>;
    const key = levelKey(f.level);
    return (
      <>
        {key ? t(key) : f.level}{' '}
        <span className={f.weight >= 0 ? 'weight plus' : 'weight minus'}>
          ({f.weight > 0 ? '+' : ''}
          {number(f.weight)})
        </span>
      </>
    );
  };
  const caption = (p: Patient | undefined, which: MessageKey) => (
    <>
      {t(which)}
      <br />
      <FacilityName facility={orgRef(p?.managingOrganization)} />
    </>
  );
  return (
    <div className="table-wrap">
      <table className="pair">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('review.col.field')}</span>
            </th>
            <th scope="col">{caption(a, 'review.recordA')}</th>
            <th scope="col">{caption(b, 'review.recordB')}</th>
            <th scope="col">{t('review.col.level')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{t(r.label)}</th>
              <td>{a ? r.value(a) : t('review.unreadable')}</td>
              <td>{b ? r.value(b) : t('review.unreadable')}</td>
              <td>{level(r.field)}</td>
            </tr>
          ))}
          {item.fields
            .filter((f) => !rows.some((r) => r.field === f.name))
            .map((f) => (
              <tr key={f.name}>
                <th scope="row">{FIELD[f.name] ? t(FIELD[f.name]!) : f.name}</th>
                <td>—</td>
                <td>—</td>
                <td>{level(f.name)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
