import type { Address, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { CS, EXT, SID } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import { compact, facilityRef, fhirBirthDate, fhirDateTime, fieldsExtension, list } from './values.js';

const TYPE_NI = { coding: [{ system: CS.v2IdentifierType, code: 'NI' }], text: 'CCCD' };
const TYPE_MR = { coding: [{ system: CS.v2IdentifierType, code: 'MR' }], text: 'Mã bệnh nhân' };
const TYPE_HC = { coding: [{ system: CS.v2IdentifierType, code: 'HC' }], text: 'Thẻ BHYT' };

/** GIOI_TINH (1 male, 2 female, 3 undetermined) as FHIR administrative gender. */
export const GENDER: Readonly<Record<string, Patient['gender']>> = { '1': 'male', '2': 'female', '3': 'unknown' };

/** XML1 fields about the person that FHIR's Patient has no element for. */
const PERSON_FIELDS = ['NHOM_MAU', 'MA_NGHE_NGHIEP', 'MATINH_CU_TRU', 'MAHUYEN_CU_TRU'] as const;

/**
 * HO_TEN split as the generator's person.ts writes names: family name first,
 * then `given` holding the middle name(s) (tên đệm) before the given name, so
 * `given.join(' ')` reads as it is said; `text` keeps the whole name.
 */
export function vietnameseName(full: string): HumanName {
  const text = full.normalize('NFC').trim().replace(/\s+/g, ' ');
  const words = text.split(' ');
  if (words.length === 1) return { use: 'official', text, given: [text] };
  const middle = words.slice(1, -1).join(' ');
  const given = words[words.length - 1]!;
  return { use: 'official', text, family: words[0]!, given: middle ? [middle, given] : [given] };
}

function address(row: Row): Address | undefined {
  if (!row.DIA_CHI && !row.MAXA_CU_TRU) return undefined;
  return compact<Address>({
    ...(row.MAXA_CU_TRU
      ? { extension: [{ url: EXT.dvhc, valueCoding: { system: CS.dvhc, code: row.MAXA_CU_TRU } }] }
      : {}),
    use: 'home',
    text: row.DIA_CHI || undefined,
    country: 'VN',
  });
}

/**
 * The patient of XML1 as the facility registered them. The facility's MA_BN
 * is the identifier the import updates by (conditional update), so each
 * facility keeps its own record; the master patient index links the records
 * of one person across facilities.
 */
export function patientResource(facility: string, row: Row): Patient {
  const identifier: Identifier[] = [
    { use: 'usual', type: TYPE_MR, system: SID.maBn(facility), value: row.MA_BN ?? '' },
  ];
  if (row.SO_CCCD) identifier.push({ use: 'official', type: TYPE_NI, system: SID.cccd, value: row.SO_CCCD });
  const cards = list(row.MA_THE_BHYT);
  const from = list(row.GT_THE_TU);
  const to = list(row.GT_THE_DEN);
  cards.forEach((card, i) => {
    const period = compact({ start: dateOf(from[i]), end: dateOf(to[i]) });
    identifier.push({
      use: 'official',
      type: TYPE_HC,
      system: SID.bhyt,
      value: card,
      ...(Object.keys(period).length > 0 ? { period } : {}),
    });
  });
  const birth = fhirBirthDate(row.NGAY_SINH);
  const addr = address(row);
  const registered = list(row.MA_DKBD)[0];
  const extension = [
    ...(row.MA_DANTOC ? [{ url: EXT.ethnicity, valueCoding: { system: CS.danToc, code: row.MA_DANTOC } }] : []),
    ...(row.MA_QUOCTICH
      ? [
          {
            url: EXT.nationality,
            extension: [
              { url: 'code', valueCodeableConcept: { coding: [{ system: CS.quocTich, code: row.MA_QUOCTICH }] } },
            ],
          },
        ]
      : []),
    ...(fhirDateTime(row.NGAY_RA) ? [{ url: EXT.xml130AsOf, valueDateTime: fhirDateTime(row.NGAY_RA) }] : []),
    // A time of birth has no element of its own here: NGAY_SINH travels verbatim then.
    ...fieldsExtension(row, birth.time ? [...PERSON_FIELDS, 'NGAY_SINH'] : PERSON_FIELDS),
  ];
  return compact<Patient>({
    resourceType: 'Patient',
    ...(extension.length > 0 ? { extension } : {}),
    identifier,
    active: true,
    name: row.HO_TEN ? [vietnameseName(row.HO_TEN)] : undefined,
    telecom: row.DIEN_THOAI ? [{ system: 'phone', value: row.DIEN_THOAI, use: 'mobile' }] : undefined,
    gender: GENDER[row.GIOI_TINH ?? ''],
    birthDate: birth.date,
    address: addr ? [addr] : undefined,
    generalPractitioner: registered ? [facilityRef(registered)] : undefined,
    managingOrganization: facilityRef(facility),
  });
}

function dateOf(value: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
