import { isBedDayGroup, isParaclinicalGroup } from './codes.js';
import { MAX_LENGTH, cleanText, formatScaled, xmlDateTime } from '@lienthong/xml130';
import type { VisitContext, PricedService } from './visit-context.js';
import type { WriteRow as Row } from '@lienthong/xml130';
import { moneyFields } from './xml2.js';

/**
 * NGAY_KQ: when the result came — the latest lab result of that service for
 * tests and imaging, the end of the stay for bed-days, otherwise when the
 * service was done.
 */
function resultTime(ctx: VisitContext, service: PricedService): string {
  const { line } = service;
  if (isParaclinicalGroup(line.group)) {
    const results = ctx.visit.labs.filter((lab) => lab.serviceCode === line.code).map((lab) => xmlDateTime(lab.at));
    if (results.length > 0) return results.sort().at(-1)!;
  }
  if (isBedDayGroup(line.group)) return xmlDateTime(ctx.visit.end);
  return xmlDateTime(line.at);
}

/** XML3 (CHI_TIET_DVKT): one row per service, bed-day or medical supply. */
export function xml3Rows(ctx: VisitContext): Row[] {
  return ctx.services.map((service, i) => {
    const { line, listRate, priced, shares, supply } = service;
    const code = line.code;
    const name = cleanText(line.name, MAX_LENGTH.TEN_DICH_VU);
    return {
      MA_LK: ctx.visit.id,
      STT: String(i + 1),
      // A supply not used in a procedure goes by MA_VAT_TU/TEN_VAT_TU with MA_DICH_VU empty.
      MA_DICH_VU: supply ? '' : code,
      MA_VAT_TU: supply ? code : '',
      MA_NHOM: line.group,
      TEN_VAT_TU: supply ? name : '',
      TEN_DICH_VU: supply ? '' : name,
      // Units as HIS exports write them (unverified).
      DON_VI_TINH: supply ? 'Cái' : isBedDayGroup(line.group) ? 'Ngày' : 'Lần',
      DON_GIA_BV: formatScaled(priced.unitPriceMilli, 3),
      DON_GIA_BH: formatScaled(priced.insurancePriceMilli, 3),
      // 100: no special rate (single bed, first examination of the day).
      TYLE_TT_DV: '100',
      ...moneyFields(priced, shares, ctx.benefit, listRate),
      MA_KHOA: ctx.visit.department,
      MA_BAC_SI: cleanText(ctx.doctor, MAX_LENGTH.MA_BAC_SI),
      // We do not know who performed it; the ordering doctor stands in (unverified practice).
      NGUOI_THUC_HIEN: supply ? '' : cleanText(ctx.doctor, MAX_LENGTH.MA_BAC_SI),
      NGAY_YL: xmlDateTime(line.at),
      NGAY_TH_YL: xmlDateTime(line.at),
      NGAY_KQ: resultTime(ctx, service),
    };
  });
}
