import type { VitalSigns } from '../model.js';
import { isAdmission, OUTCOME_LABEL } from './codes.js';
import { MAX_LENGTH, cleanText, formatMeasure, xmlDateTime } from '@lienthong/xml130';
import type { VisitContext } from './visit-context.js';
import type { WriteRow as Row } from '@lienthong/xml130';

/**
 * The vital-signs notation 4750/QĐ-BYT adds to DIEN_BIEN_LS, e.g.
 * `CSST<M75_T37_HA120/70_NT18>`: M pulse (/min), T temperature (°C), HA blood
 * pressure (mmHg), NT respiratory rate (/min). The standard's example also
 * carries an `HL` item whose meaning we have not confirmed, so we leave it
 * out; weight goes to XML1 CAN_NANG instead.
 */
export function vitalSignsNotation(v: VitalSigns): string {
  const whole = (n: number) => formatMeasure(n, 0);
  return `CSST<M${whole(v.pulse)}_T${formatMeasure(v.temperature, 1)}_HA${whole(v.systolic)}/${whole(v.diastolic)}_NT${whole(v.respiratoryRate)}>`;
}

/**
 * XML5 (CHI_TIET_DIEN_BIEN_BENH): the clinical course — the reason and the
 * vital signs at arrival and, for a stay, the state at discharge. The
 * decision asks for this table only for treatments (not plain examinations,
 * MA_LOAI_KCB 01); we write it for every visit because it is the one place
 * the vital signs travel, and a receiver may ignore it.
 */
export function xml5Rows(ctx: VisitContext): Row[] {
  const { visit } = ctx;
  const doctor = cleanText(ctx.doctor, MAX_LENGTH.MA_BAC_SI);
  const arrival = [`Lý do: ${visit.reason.trim()}.`, visit.vitals ? vitalSignsNotation(visit.vitals) : '']
    .filter(Boolean)
    .join(' ');
  const rows: Row[] = [{ DIEN_BIEN_LS: arrival, THOI_DIEM_DBLS: xmlDateTime(visit.start) }];
  if (isAdmission(visit.type)) {
    const diagnoses = visit.diagnoses.map((d) => d.display).join('; ');
    rows.push({
      DIEN_BIEN_LS: `Ra viện: ${OUTCOME_LABEL[visit.outcome]}.${diagnoses ? ` Chẩn đoán: ${diagnoses}.` : ''}`,
      THOI_DIEM_DBLS: xmlDateTime(visit.end),
    });
  }
  return rows.map((row, i) => ({ MA_LK: visit.id, STT: String(i + 1), ...row, NGUOI_THUC_HIEN: doctor }));
}
