import type { LabResult } from '../model.js';
import { interpretationLabel } from './codes.js';
import { MAX_LENGTH, cleanText, formatMeasure, xmlDateTime } from '@lienthong/xml130';
import type { VisitContext } from './visit-context.js';
import type { WriteRow as Row } from '@lienthong/xml130';

function valueText(lab: LabResult): string {
  return typeof lab.value === 'number' ? formatMeasure(lab.value, 4) : lab.value;
}

/** MO_TA: the reference range the result was read against, when known. */
function description(lab: LabResult): string {
  if (lab.low === undefined && lab.high === undefined) return '';
  const unit = lab.unit ? ` ${lab.unit}` : '';
  if (lab.low !== undefined && lab.high !== undefined)
    return `Khoảng tham chiếu: ${formatMeasure(lab.low, 4)} - ${formatMeasure(lab.high, 4)}${unit}`;
  return lab.low !== undefined
    ? `Khoảng tham chiếu: ≥ ${formatMeasure(lab.low, 4)}${unit}`
    : `Khoảng tham chiếu: ≤ ${formatMeasure(lab.high!, 4)}${unit}`;
}

/** XML4 (CHI_TIET_CLS): one row per lab indicator. */
export function xml4Rows(ctx: VisitContext): Row[] {
  return ctx.visit.labs.map((lab, i) => ({
    MA_LK: ctx.visit.id,
    STT: String(i + 1),
    MA_DICH_VU: lab.serviceCode,
    MA_CHI_SO: lab.indicatorCode,
    TEN_CHI_SO: cleanText(lab.name, MAX_LENGTH.TEN_CHI_SO),
    GIA_TRI: cleanText(valueText(lab), MAX_LENGTH.GIA_TRI),
    // The UCUM unit as the generator gives it.
    DON_VI_DO: cleanText(lab.unit ?? '', MAX_LENGTH.DON_VI_DO),
    MO_TA: description(lab),
    KET_LUAN: interpretationLabel(lab.interpretation),
    NGAY_KQ: xmlDateTime(lab.at),
    // The visit's doctor stands in for the lab's reader (we do not model lab staff).
    MA_BS_DOC_KQ: cleanText(ctx.doctor, MAX_LENGTH.MA_BAC_SI),
  }));
}
