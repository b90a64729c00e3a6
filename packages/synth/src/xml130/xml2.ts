import type { DrugLine } from '../model.js';
import { drugCostGroup, routeCode } from './codes.js';
import {
  MAX_LENGTH,
  cleanText,
  formatMeasure,
  formatScaled,
  xmlDateTime,
  type PricedLine,
  type LineShares,
} from '@lienthong/xml130';
import type { VisitContext } from './visit-context.js';
import type { WriteRow as Row } from '@lienthong/xml130';

/**
 * TT_THAU: decision;package;group;year of the tender the drug was bought
 * under. Synthetic: one provincial tender of the Department of Health for
 * every drug (N4, generic drugs; unverified group).
 */
export const SYNTHETIC_TENDER = '125/QĐ-SYT;G1;N4;2025';

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;

/**
 * LIEU_DUNG as the decision writes it for outpatients: "2 viên/lần * 2
 * lần/ngày * 5 ngày [4 viên/ngày]", read from dosage text such as "Ngày uống
 * 2 lần, mỗi lần 1 viên"; other texts are kept, with the number of days.
 */
export function doseText(line: DrugLine): string {
  const unit = line.drug.unit.normalize('NFC').toLowerCase();
  const times = new RegExp(`${NUMBER}\\s*lần`, 'i').exec(line.dosage)?.[1];
  const perDose = new RegExp(`mỗi lần\\s*${NUMBER}`, 'i').exec(line.dosage)?.[1];
  if (times && perDose && line.days > 0) {
    const t = Number(times.replace(',', '.'));
    const d = Number(perDose.replace(',', '.'));
    const per = (n: number) => formatMeasure(n, 3);
    return `${per(d)} ${unit}/lần * ${per(t)} lần/ngày * ${line.days} ngày [${per(d * t)} ${unit}/ngày]`;
  }
  return line.days > 0 ? `${line.dosage} * ${line.days} ngày` : line.dosage;
}

/** The money fields shared by XML2 and XML3 lines. */
export function moneyFields(priced: PricedLine, shares: LineShares, benefit: number, listRate: number): Row {
  const money = (cents: bigint) => formatScaled(cents, 2);
  return {
    // 1 on the fund's list, 2 outside it; a property of the item, whoever pays.
    PHAM_VI: listRate > 0 ? '1' : '2',
    TYLE_TT_BH: String(priced.rate),
    SO_LUONG: formatScaled(priced.quantityMilli, 3),
    THANH_TIEN_BV: money(priced.total),
    THANH_TIEN_BH: money(priced.inScope),
    T_NGUONKHAC_NSNN: '0',
    T_NGUONKHAC_VTNN: '0',
    T_NGUONKHAC_VTTN: '0',
    T_NGUONKHAC_CL: '0',
    T_NGUONKHAC: '0',
    MUC_HUONG: String(benefit),
    T_BNTT: money(shares.outOfScope),
    T_BNCCT: money(shares.coPayment),
    T_BHTT: money(shares.fund),
    // Fee-for-service.
    MA_PTTT: '1',
  };
}

/** XML2 (CHI_TIET_THUOC): one row per drug line. */
export function xml2Rows(ctx: VisitContext): Row[] {
  return ctx.drugs.map(({ line, listRate, priced, shares }, i) => ({
    MA_LK: ctx.visit.id,
    STT: String(i + 1),
    MA_THUOC: line.drug.code,
    MA_NHOM: drugCostGroup(listRate),
    TEN_THUOC: cleanText(line.drug.name, MAX_LENGTH.TEN_THUOC),
    DON_VI_TINH: cleanText(line.drug.unit, MAX_LENGTH.DON_VI_TINH),
    HAM_LUONG: cleanText(line.drug.strength, MAX_LENGTH.HAM_LUONG),
    DUONG_DUNG: routeCode(line.drug.route),
    LIEU_DUNG: cleanText(doseText(line), MAX_LENGTH.LIEU_DUNG),
    CACH_DUNG: cleanText(line.dosage, MAX_LENGTH.CACH_DUNG),
    // Registration numbers are written without spaces.
    SO_DANG_KY: line.drug.registration.replace(/\s+/g, ''),
    TT_THAU: SYNTHETIC_TENDER,
    DON_GIA: formatScaled(priced.unitPriceMilli, 3),
    ...moneyFields(priced, shares, ctx.benefit, listRate),
    MA_KHOA: ctx.visit.department,
    MA_BAC_SI: cleanText(ctx.doctor, MAX_LENGTH.MA_BAC_SI),
    NGAY_YL: xmlDateTime(line.orderedAt),
    NGAY_TH_YL: xmlDateTime(line.orderedAt),
    // Paid by the insurance fund; a self-paying patient's drugs have no fund source.
    NGUON_CTRA: ctx.card ? '1' : '',
  }));
}
