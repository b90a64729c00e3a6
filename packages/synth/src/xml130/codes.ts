import type { Facility, InsuranceCard, Visit, VisitType } from '../model.js';
import { daysBetween } from '@lienthong/xml130';

/**
 * MA_LOAI_KCB, form of care, from the national shared code list (DMDC):
 * "01" examination, "02" outpatient treatment, "03" inpatient, "04" day-care
 * inpatient… The decision's note on NGAY_RA confirms 01/02/05/07/08; "03"
 * and "04" are as HIS exports use them (unverified). An emergency visit that
 * ends the same day is written as an examination (unverified).
 */
export function formOfCare(type: VisitType): string {
  switch (type) {
    case 'outpatient':
    case 'emergency':
      return '01';
    case 'inpatient':
      return '03';
    case 'day-care':
      return '04';
  }
}

/** Inpatient and day-care stays (LY_DO_VNT, NGAY_VAO_NOI_TRU are written for these only). */
export function isAdmission(type: VisitType): boolean {
  return type === 'inpatient' || type === 'day-care';
}

/**
 * SO_NGAY_DTRI as the decision's table defines it: 0 for examinations
 * (codes 1, 7, 9); discharge day − admission day + 1 for codes 2, 3, 4, 6.
 */
export function treatmentDays(visit: Visit): number {
  return formOfCare(visit.type) === '01' ? 0 : daysBetween(visit.start, visit.end) + 1;
}

/**
 * MA_DOITUONG_KCB, why the patient is seen here, from the DMDC list
 * (unverified codes, as HIS exports and rule checkers use them): "1.1"
 * registered for primary care at this facility, "2" emergency, "1.3"
 * referred with a referral paper, "3" seen away from the card's facility.
 * Empty for a self-paying visit (no insurance claim).
 */
export function arrivalCode(visit: Visit, card: InsuranceCard | undefined): string {
  if (!visit.insured || !card) return '';
  if (visit.type === 'emergency') return '2';
  if (visit.referredFrom) return '1.3';
  if (card.registeredFacility === visit.facilityCode) return '1.1';
  return '3';
}

/**
 * MUC_HUONG, the share of the in-scope cost the fund pays, by the card's
 * benefit level: 1, 2 and 5 → 100, 3 → 95, 4 → 80 (Law on Health Insurance,
 * art. 22; unverified against 2025 amendments). The decision's note says to
 * write 100 also at a commune health station and when the visit's in-scope
 * cost is below 15 % of the base salary. All visits are treated as in-route
 * (province-wide referral-free access); off-route reductions are not modelled.
 */
export function benefitPercent(card: InsuranceCard, facility: Facility | undefined, inScopeCents: bigint): number {
  if (facility?.kind === 'health-station') return 100;
  if (inScopeCents < LOW_COST_THRESHOLD_CENTS) return 100;
  switch (card.benefitLevel) {
    case 1:
    case 2:
    case 5:
      return 100;
    case 3:
      return 95;
    case 4:
      return 80;
  }
}

/** Base salary (lương cơ sở) 2,340,000 đồng since 2024-07-01 (Decree 73/2024; unverified for 2026). */
export const BASE_SALARY_DONG = 2_340_000;
/** 15 % of the base salary, in đồng × 100. */
export const LOW_COST_THRESHOLD_CENTS = BigInt(BASE_SALARY_DONG * 15);

/**
 * DUONG_DUNG, a route code of at most 4 characters from the DMDC list. A
 * route that is already a code ("1.01") is kept; common Vietnamese names map
 * to the first code of their group (unverified): 1.xx by mouth, 2.xx
 * injection, 3.xx on the skin, 4.xx inserted, 5.xx inhaled, 6.xx drops.
 */
export function routeCode(route: string): string {
  const text = route.normalize('NFC').trim();
  if (/^\d\.\d{2}$/.test(text)) return text;
  const lower = text.toLowerCase();
  if (/^(uống|ngậm|nhai)/.test(lower)) return '1.01';
  if (/^(tiêm|truyền)/.test(lower)) return '2.01';
  if (/^(bôi|dán|dùng ngoài|xoa)/.test(lower)) return '3.01';
  if (/^(đặt|thụt)/.test(lower)) return '4.01';
  if (/^(hít|xịt|khí dung)/.test(lower)) return '5.01';
  if (/^nhỏ/.test(lower)) return '6.01';
  return '';
}

/** MA_NHOM of a drug line (5937/QĐ-BYT appendix 3, unverified): 4 drugs on the list, 6 paid at a rate. */
export function drugCostGroup(rate: number): string {
  return rate > 0 && rate < 100 ? '6' : '4';
}

/** MA_NHOM groups whose results come back later (tests, imaging, function tests). */
export function isParaclinicalGroup(group: string): boolean {
  return group === '1' || group === '2' || group === '3';
}

/** MA_NHOM of bed-days: 15 inpatient; 14 day-care and 16 (unverified). */
export function isBedDayGroup(group: string): boolean {
  return group === '14' || group === '15' || group === '16';
}

export const OUTCOME_LABEL: Readonly<Record<Visit['outcome'], string>> = {
  1: 'Khỏi',
  2: 'Đỡ',
  3: 'Không thay đổi',
  4: 'Nặng hơn',
  5: 'Tử vong',
  6: 'Tiên lượng nặng xin về',
  7: 'Chưa xác định',
};

/** KET_LUAN of a lab result from its HL7 interpretation code. */
export function interpretationLabel(code: string | undefined): string {
  switch (code) {
    case 'H':
    case 'HH':
      return 'Cao';
    case 'L':
    case 'LL':
      return 'Thấp';
    case 'N':
      return 'Bình thường';
    case 'POS':
      return 'Dương tính';
    case 'NEG':
      return 'Âm tính';
    default:
      return '';
  }
}
