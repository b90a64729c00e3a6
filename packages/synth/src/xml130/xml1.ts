import { arrivalCode, formOfCare, isAdmission, treatmentDays } from './codes.js';
import { MAX_LENGTH, cleanText, formatFixed, formatScaled, toScaled, xmlDate, xmlDateTime } from '@lienthong/xml130';
import { fullName } from './patient-record.js';
import type { VisitContext } from './visit-context.js';
import type { WriteRow as Row } from '@lienthong/xml130';

/** Đồng Nai's province code in MATINH_CU_TRU (last 2 digits of the national code 075). */
const PROVINCE_CODE = '75';
/** MA_QUOCTICH of Vietnam as HIS exports write it (unverified; the decision points to Circular 07/2016/TT-BCA). */
const VIETNAM_NATIONALITY = '000';
/** MA_NGHE_NGHIEP when the occupation is not known: the decision's code for "no occupation" (we do not model jobs). */
const NO_OCCUPATION = '00000';

const money = (cents: bigint) => formatScaled(cents, 2);

function address(ctx: VisitContext): string {
  const commune = ctx.province.communeByCode.get(ctx.patient.address.communeCode);
  return [ctx.patient.address.line, commune?.fullName, 'Tỉnh Đồng Nai']
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(', ');
}

/** Secondary diagnoses: distinct codes other than the main one, at most 12, within 100 characters. */
function secondaryCodes(ctx: VisitContext): string {
  const main = ctx.visit.diagnoses[0]?.icd10;
  const codes: string[] = [];
  for (const d of ctx.visit.diagnoses.slice(1)) {
    if (d.icd10 === main || codes.includes(d.icd10) || codes.length === 12) continue;
    if ([...codes, d.icd10].join(';').length > MAX_LENGTH.MA_BENH_KT) break;
    codes.push(d.icd10);
  }
  return codes.join(';');
}

/** CHAN_DOAN_RV: every diagnosis in words with its code, main first. */
function dischargeDiagnosis(ctx: VisitContext): string {
  return ctx.visit.diagnoses.map((d) => `${d.display} (${d.icd10})`).join('; ');
}

/** A referral paper number for a referred-in visit (synthetic: the sending facility and the day). */
function referralPaper(ctx: VisitContext): string {
  const from = ctx.visit.referredFrom;
  return from ? `${from}/${xmlDate(ctx.visit.start)}/CT` : '';
}

/** XML1 (TONG_HOP): the visit summary. Field rules per vn-standards.md §1 and the decision's table 1. */
export function xml1Row(ctx: VisitContext): Row {
  const { visit, patient, card, totals } = ctx;
  const end = xmlDateTime(visit.end);
  const admitted = isAdmission(visit.type);
  return {
    MA_LK: visit.id,
    STT: '1',
    MA_BN: patient.id,
    HO_TEN: cleanText(fullName(patient.name), MAX_LENGTH.HO_TEN),
    SO_CCCD: patient.cccd ?? '',
    NGAY_SINH: xmlDateTime(patient.birthDate),
    GIOI_TINH: patient.sex === 'male' ? '1' : '2',
    MA_QUOCTICH: VIETNAM_NATIONALITY,
    MA_DANTOC: patient.ethnicity,
    MA_NGHE_NGHIEP: NO_OCCUPATION,
    DIA_CHI: cleanText(address(ctx), MAX_LENGTH.DIA_CHI),
    MATINH_CU_TRU: PROVINCE_CODE,
    // Districts were abolished on 2025-07-01; the field stays in the table, empty.
    MAHUYEN_CU_TRU: '',
    MAXA_CU_TRU: patient.address.communeCode,
    DIEN_THOAI: cleanText(patient.phone ?? '', MAX_LENGTH.DIEN_THOAI),
    MA_THE_BHYT: card?.number,
    MA_DKBD: card?.registeredFacility,
    GT_THE_TU: card ? xmlDate(card.validFrom) : '',
    GT_THE_DEN: card ? xmlDate(card.validTo) : '',
    LY_DO_VV: visit.reason,
    LY_DO_VNT: admitted ? visit.reason : '',
    CHAN_DOAN_VAO: visit.diagnoses[0]?.display ?? visit.reason,
    CHAN_DOAN_RV: dischargeDiagnosis(ctx),
    // ICD-10 codes keep their dot ("E11.9"), as the Ministry's ICD-10 list (4469/QĐ-BYT) writes them (unverified for BHXH).
    MA_BENH_CHINH: visit.diagnoses[0]?.icd10 ?? '',
    MA_BENH_KT: secondaryCodes(ctx),
    MA_DOITUONG_KCB: arrivalCode(visit, card),
    MA_NOI_DI: visit.referredFrom,
    MA_NOI_DEN: visit.referredTo,
    NGAY_VAO: xmlDateTime(visit.start),
    NGAY_VAO_NOI_TRU: admitted ? xmlDateTime(visit.start) : '',
    NGAY_RA: end,
    GIAY_CHUYEN_TUYEN: referralPaper(ctx),
    SO_NGAY_DTRI: String(treatmentDays(visit)),
    KET_QUA_DTRI: String(visit.outcome),
    MA_LOAI_RV: String(visit.dischargeType),
    GHI_CHU: visit.followUp ? `Tái khám ngày ${visit.followUp.split('-').reverse().join('/')}` : '',
    // Paid at discharge.
    NGAY_TTOAN: end,
    T_THUOC: money(totals.drugs),
    T_VTYT: money(totals.supplies),
    T_TONGCHI_BV: money(totals.total),
    T_TONGCHI_BH: money(totals.inScope),
    T_BNTT: money(totals.outOfScope),
    T_BNCCT: money(totals.coPayment),
    T_BHTT: money(totals.fund),
    T_NGUONKHAC: '0',
    // Every line is fee-for-service (MA_PTTT 1), so all the fund pays is outside capitation/DRG.
    T_BHTT_GDV: money(totals.fund),
    NAM_QT: end.slice(0, 4),
    THANG_QT: String(Number(end.slice(4, 6))),
    MA_LOAI_KCB: formOfCare(visit.type),
    MA_KHOA: visit.department,
    MA_CSKCB: visit.facilityCode,
    // Kilograms with exactly 2 decimals, as the decision asks.
    CAN_NANG: visit.vitals ? formatFixed(toScaled(visit.vitals.weightKg, 2, 'CAN_NANG'), 2) : '',
    NGAY_TAI_KHAM: visit.followUp ? xmlDate(visit.followUp) : '',
    // The HIS's record or outpatient-slip number: the visit key itself (unverified practice).
    MA_HSBA: visit.id,
  };
}
