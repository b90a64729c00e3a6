/**
 * Code sets of XML1 that the checker enforces, from the tables of
 * 130/QĐ-BYT as amended by 4750/QĐ-BYT (vn-standards.md §1). Labels are
 * for reports.
 */

type Labels = Readonly<Record<string, { vi: string; en: string }>>;

/** GIOI_TINH. */
export const SEX: Labels = {
  '1': { vi: 'Nam', en: 'male' },
  '2': { vi: 'Nữ', en: 'female' },
  '3': { vi: 'Chưa xác định', en: 'undetermined' },
};

/**
 * MA_LOAI_KCB, the form of care, written with two digits. 01–09 as the
 * amended decision lists them (the labels of 05–09 are abridged).
 */
export const VISIT_TYPES: Labels = {
  '01': { vi: 'Khám bệnh', en: 'examination' },
  '02': { vi: 'Điều trị ngoại trú', en: 'outpatient treatment' },
  '03': { vi: 'Điều trị nội trú', en: 'inpatient treatment' },
  '04': { vi: 'Điều trị nội trú ban ngày', en: 'day-care inpatient' },
  '05': { vi: 'Điều trị ngoại trú bệnh mạn tính', en: 'long-term outpatient treatment of a chronic disease' },
  '06': { vi: 'Điều trị lưu tại trạm y tế', en: 'observation stay at a health station' },
  '07': { vi: 'Nhận thuốc theo hẹn', en: 'medicines collected by appointment' },
  '08': { vi: 'Điều trị ngoại trú bệnh mạn tính có thủ thuật', en: 'chronic outpatient treatment with procedures' },
  '09': { vi: 'Điều trị nội trú dưới 4 giờ', en: 'inpatient treatment under 4 hours' },
};

/** MA_LOAI_RV, how the patient left. */
export const DISCHARGE_TYPES: Labels = {
  '1': { vi: 'Ra viện', en: 'discharged' },
  '2': { vi: 'Chuyển tuyến theo chuyên môn', en: 'referred' },
  '3': { vi: 'Trốn viện', en: 'absconded' },
  '4': { vi: 'Xin ra viện', en: 'left on request' },
  '5': { vi: 'Chuyển tuyến theo yêu cầu người bệnh', en: 'referred on request' },
};

/** KET_QUA_DTRI, the result of treatment. */
export const TREATMENT_RESULTS: Labels = {
  '1': { vi: 'Khỏi', en: 'cured' },
  '2': { vi: 'Đỡ', en: 'improved' },
  '3': { vi: 'Không thay đổi', en: 'unchanged' },
  '4': { vi: 'Nặng hơn', en: 'worse' },
  '5': { vi: 'Tử vong', en: 'died' },
  '6': { vi: 'Tiên lượng nặng xin về', en: 'discharged on request in grave condition' },
  '7': { vi: 'Chưa xác định', en: 'undetermined' },
};

/**
 * An ICD-10 code as the Ministry's list (4469/QĐ-BYT) writes it: a letter,
 * two digits and an optional subcategory of one or two digits, with or
 * without the dot ("J06.9", "J069", "S52.50").
 */
export const ICD10 = /^[A-Z][0-9]{2}(?:\.?[0-9]{1,2})?$/;

/** MA_BENH_KT holds at most 12 secondary codes. */
export const MAX_SECONDARY_DIAGNOSES = 12;

/** A facility code (MA_CSKCB, MA_DKBD, MA_NOI_DI…): 2-digit province + 3 characters (75001, 75A00). */
export const FACILITY_CODE = /^[0-9]{2}[0-9A-Z]{3}$/;

/**
 * MA_NHOM groups of medical supplies (10 on the fund's list, 11 paid at a
 * rate; 5937/QĐ-BYT appendix 3), whose THANH_TIEN_BV make up XML1's
 * T_VTYT. Checked against several HIS vendors' code lists, which agree;
 * not against the appendix itself.
 */
export function isSupplyGroup(group: string): boolean {
  return group === '10' || group === '11';
}
