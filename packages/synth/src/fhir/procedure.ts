import type { DiagnosticReport, Procedure } from '@medplum/fhirtypes';
import type { Province, ServiceLine, Visit } from '../model.js';
import { SERVICES } from '../care/services.js';
import { derivedId } from './ids.js';
import { facilityOf } from './lookup.js';
import { CS } from './systems.js';

/** MA_NHOM of the services a record shows as imaging reports (2) and as procedures (8). */
const IMAGING = '2';
const PROCEDURE = '8';
const SURGERY = new Set<string>([SERVICES.appendectomy.code, SERVICES.caesarean.code]);
const DIAGNOSTIC_SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';

/**
 * The findings a radiologist would write for an imaging service, from the
 * visit's main diagnosis (ICD-10 prefix); otherwise the common "nothing
 * abnormal". Synthetic text, only plausible in shape.
 */
const FINDINGS: Record<string, [prefix: string, text: string][]> = {
  [SERVICES.chestXray.code]: [
    ['J1', 'Hình ảnh đám mờ thâm nhiễm thùy dưới phổi phải, phù hợp viêm phổi.'],
    ['A15', 'Tổn thương thâm nhiễm và hang nhỏ đỉnh phổi hai bên.'],
    ['U07', 'Tổn thương kính mờ rải rác hai phổi.'],
  ],
  [SERVICES.limbXray.code]: [['S5', 'Gãy 1/3 dưới xương quay, di lệch ít.']],
  [SERVICES.headCt.code]: [
    ['I63', 'Giảm tỷ trọng vùng bao trong bên trái, phù hợp nhồi máu não.'],
    ['S06', 'Không thấy máu tụ nội sọ; không thấy đường vỡ xương.'],
  ],
  [SERVICES.abdominalUltrasound.code]: [
    ['K35', 'Ruột thừa đường kính 9 mm, thành dày, thâm nhiễm mỡ xung quanh.'],
    ['A9', 'Dịch tự do ổ bụng lượng ít; túi mật thành dày.'],
  ],
  [SERVICES.obstetricUltrasound.code]: [['', 'Một thai sống trong buồng tử cung, tim thai đều.']],
};
const NOTHING_ABNORMAL = 'Chưa phát hiện bất thường.';

function findings(visit: Visit, line: ServiceLine): string {
  const main = visit.diagnoses[0]?.icd10 ?? '';
  return FINDINGS[line.code]?.find(([prefix]) => main.startsWith(prefix))?.[1] ?? NOTHING_ABNORMAL;
}

/** What a visit's services show in a record: a Procedure per procedure or surgery, a report per imaging study. */
export function serviceResources(province: Province, visit: Visit): (Procedure | DiagnosticReport)[] {
  return visit.services.flatMap((line, n): (Procedure | DiagnosticReport)[] => {
    if (line.group === PROCEDURE) return [procedureResource(province, visit, line, n)];
    if (line.group === IMAGING) return [imagingReport(province, visit, line, n)];
    return [];
  });
}

function procedureResource(province: Province, visit: Visit, line: ServiceLine, n: number): Procedure {
  const facility = facilityOf(province, visit.facilityCode);
  const surgery = SURGERY.has(line.code);
  const name = line.name.normalize('NFC');
  return {
    resourceType: 'Procedure',
    id: derivedId(visit.id, 'procedure', n),
    status: 'completed',
    category: surgery
      ? { coding: [{ system: CS.snomed, code: '387713003', display: 'Surgical procedure' }], text: 'Phẫu thuật' }
      : { coding: [{ system: CS.snomed, code: '71388002', display: 'Procedure' }], text: 'Thủ thuật' },
    code: { coding: [{ system: CS.dichVu, code: line.code, display: name }], text: name },
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    performedDateTime: line.at,
    performer: [
      {
        actor: { reference: `Practitioner/${visit.practitionerId}` },
        onBehalfOf: { reference: `Organization/${facility.id}` },
      },
    ],
    ...(visit.diagnoses[0] ? { reasonCode: [{ coding: [{ system: CS.icd10, code: visit.diagnoses[0].icd10 }] }] } : {}),
  };
}

function imagingReport(province: Province, visit: Visit, line: ServiceLine, n: number): DiagnosticReport {
  const facility = facilityOf(province, visit.facilityCode);
  const name = line.name.normalize('NFC');
  return {
    resourceType: 'DiagnosticReport',
    id: derivedId(visit.id, 'imaging', n),
    status: 'final',
    category: [{ coding: [{ system: DIAGNOSTIC_SECTION, code: 'RAD', display: 'Radiology' }] }],
    code: { coding: [{ system: CS.dichVu, code: line.code, display: name }], text: name },
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    effectiveDateTime: line.at,
    issued: line.at,
    performer: [{ reference: `Organization/${facility.id}` }],
    conclusion: findings(visit, line),
  };
}
