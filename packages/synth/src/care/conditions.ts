import type { LabState, PanelKey } from './labs.js';
import type { AgeWeights } from './population.js';
import type { ServiceKey } from './services.js';

/**
 * What people come to a facility for: ICD-10 codes with the Vietnamese
 * display of the Ministry's ICD-10 edition, how often each age band comes
 * for it, where it is treated, what is tested and what is prescribed.
 */

/** One drug of a regimen: `dose` units `times` a day for `days` days (or a fixed `quantity`: a tube, a bottle, an inhaler). */
export interface RegimenLine {
  drug: string;
  dose: number;
  times: number;
  days: [number, number];
  quantity?: number;
  /** Symptomatic (paracetamol): left off half the time when other drugs are prescribed — the patient has some at home. */
  optional?: boolean;
}

export interface Regimen {
  weight: number;
  lines: RegimenLine[];
}

/**
 * primary: first contact at the commune station (a few go elsewhere);
 * secondary: needs a doctor with tests — the regional medical centre, often after a station referral;
 * tertiary: a hospital, often as an emergency.
 */
export type CareLevel = 'primary' | 'secondary' | 'tertiary';

export interface Condition {
  icd10: string;
  display: string;
  /** LY_DO_VV: why the patient came. */
  complaint: string;
  /** Relative weight of this condition among acute visits, per age band (males; `female` overrides). */
  weights: AgeWeights;
  female?: AgeWeights;
  level: CareLevel;
  /** Specialist hospital that takes it ("children" applies to patients under 16 only). */
  specialty?: string;
  /** Chance of an admission when seen at a hospital or medical centre. */
  inpatient: number;
  stay?: [number, number];
  /** Chance that the visit is an emergency. */
  emergency?: number;
  labs?: { panel: PanelKey; p: number }[];
  labState?: LabState;
  services?: { service: ServiceKey; p: number }[];
  fever?: boolean;
  /** Chance that the station refers the patient up. */
  referral?: number;
  regimens: Regimen[];
  /** For children under 12 (paediatric forms). */
  childRegimens?: Regimen[];
  /** During an inpatient stay (days follow the stay). */
  inpatientRegimens?: Regimen[];
}

const l = (drug: string, dose: number, times: number, days: [number, number], quantity?: number): RegimenLine =>
  quantity === undefined ? { drug, dose, times, days } : { drug, dose, times, days, quantity };
const r = (weight: number, ...lines: RegimenLine[]): Regimen => ({ weight, lines });

const PARA: RegimenLine = { ...l('Paracetamol 500mg', 1, 3, [3, 5]), optional: true };
const PARA_CHILD: RegimenLine = { ...l('Paracetamol 250mg', 1, 3, [3, 5]), optional: true };
const AMOX = l('Amoxicilin 500mg', 1, 3, [5, 7]);
const AMOX_CHILD = l('Amoxicilin 250mg', 1, 3, [5, 7]);
const AUGMENTIN = l('Amoxicilin + Acid clavulanic 625mg', 1, 2, [5, 7]);
const CEFUROXIM = l('Cefuroxim 500mg', 1, 2, [5, 7]);
const AZITHRO = l('Azithromycin 500mg', 1, 1, [3, 3]);
const CEFTRIAXON = l('Ceftriaxon 1g', 1, 2, [5, 7]);

export const RESPIRATORY_SEASON = [1.25, 1.1, 1.0, 0.9, 0.9, 1.05, 1.1, 1.05, 1.0, 0.95, 0.9, 1.1];

// prettier-ignore
export const ACUTE_CONDITIONS: Condition[] = [
  {
    icd10: 'J00', display: 'Viêm mũi họng cấp [cảm thường]', complaint: 'Sổ mũi, ho, đau họng',
    weights: [20, 14, 12, 10, 8, 6], level: 'primary', inpatient: 0, fever: true, labState: 'viral',
    regimens: [r(55, PARA, l('Clorpheniramin 4mg', 1, 2, [3, 5])), r(25, l('Loratadin 10mg', 1, 1, [5, 5]), l('Ambroxol 30mg', 1, 3, [5, 5])), r(20, PARA, AMOX)],
    childRegimens: [r(65, PARA_CHILD, l('Acetylcystein 200mg', 1, 2, [5, 5])), r(35, PARA_CHILD, AMOX_CHILD)],
  },
  {
    icd10: 'J02.9', display: 'Viêm họng cấp, không đặc hiệu', complaint: 'Đau họng, sốt',
    weights: [10, 14, 12, 10, 7, 5], level: 'primary', inpatient: 0, fever: true, labState: 'bacterial',
    regimens: [r(50, PARA, AMOX), r(15, PARA, AUGMENTIN), r(10, PARA, AZITHRO), r(10, PARA, CEFUROXIM), r(15, PARA, l('Loratadin 10mg', 1, 1, [5, 5]))],
    childRegimens: [r(70, PARA_CHILD, AMOX_CHILD), r(30, PARA_CHILD)],
  },
  {
    icd10: 'J03.9', display: 'Viêm amidan cấp, không đặc hiệu', complaint: 'Sốt, đau họng, nuốt đau',
    weights: [6, 10, 6, 3, 2, 1], level: 'primary', inpatient: 0.06, fever: true, labState: 'bacterial',
    labs: [{ panel: 'cbc', p: 0.15 }],
    regimens: [r(60, PARA, AMOX), r(25, PARA, AUGMENTIN), r(15, PARA, CEFUROXIM)],
    childRegimens: [r(100, PARA_CHILD, AMOX_CHILD)],
  },
  {
    icd10: 'J06.9', display: 'Nhiễm trùng hô hấp trên cấp, không đặc hiệu', complaint: 'Sốt, ho, sổ mũi',
    weights: [22, 14, 8, 7, 6, 6], level: 'primary', inpatient: 0.03, fever: true, labState: 'viral',
    labs: [{ panel: 'cbc', p: 0.06 }],
    regimens: [r(50, PARA, l('Clorpheniramin 4mg', 1, 2, [3, 5])), r(15, PARA, l('Dextromethorphan 15mg', 1, 3, [5, 5])), r(20, PARA, AMOX), r(10, PARA, CEFUROXIM), r(5, PARA, AZITHRO)],
    childRegimens: [r(60, PARA_CHILD, l('Acetylcystein 200mg', 1, 2, [5, 5])), r(40, PARA_CHILD, AMOX_CHILD)],
  },
  {
    icd10: 'J20.9', display: 'Viêm phế quản cấp, không đặc hiệu', complaint: 'Ho, khạc đờm, sốt nhẹ',
    weights: [10, 6, 4, 5, 6, 9], level: 'primary', inpatient: 0.1, fever: true, labState: 'viral', referral: 0.03,
    labs: [{ panel: 'cbc', p: 0.1 }], services: [{ service: 'chestXray', p: 0.15 }],
    regimens: [r(45, l('Acetylcystein 200mg', 1, 3, [5, 7]), AUGMENTIN), r(20, l('Ambroxol 30mg', 1, 3, [5, 7]), AZITHRO), r(20, PARA, l('Ambroxol 30mg', 1, 3, [5, 7])), r(15, l('Salbutamol 2mg', 1, 3, [5, 5]), CEFUROXIM)],
    childRegimens: [r(50, l('Acetylcystein 200mg', 1, 2, [5, 5]), AMOX_CHILD), r(50, PARA_CHILD, l('Acetylcystein 200mg', 1, 2, [5, 5]))],
  },
  {
    icd10: 'J18.9', display: 'Viêm phổi, không đặc hiệu', complaint: 'Sốt cao, ho, khó thở',
    weights: [5, 1.5, 0.5, 0.6, 1, 4], level: 'secondary', specialty: 'children', inpatient: 0.7, stay: [4, 9], emergency: 0.25, fever: true, labState: 'bacterial', referral: 0.6,
    labs: [{ panel: 'cbc', p: 0.9 }, { panel: 'crp', p: 0.6 }], services: [{ service: 'chestXray', p: 0.9 }, { service: 'nebulisation', p: 0.2 }],
    regimens: [r(50, AUGMENTIN, AZITHRO), r(50, CEFUROXIM, l('Acetylcystein 200mg', 1, 3, [7, 7]))],
    childRegimens: [r(100, AMOX_CHILD, l('Acetylcystein 200mg', 1, 2, [7, 7]))],
    inpatientRegimens: [r(60, CEFTRIAXON, l('Paracetamol 1g/100ml', 1, 1, [2, 3])), r(40, l('Cefotaxim 1g', 1, 3, [5, 7]), AZITHRO, PARA)],
  },
  {
    icd10: 'J45.9', display: 'Hen, không đặc hiệu', complaint: 'Khó thở, khò khè',
    weights: [1, 2, 1, 1, 1.5, 2], level: 'secondary', specialty: 'lung', inpatient: 0.25, stay: [3, 6], emergency: 0.3, labState: 'normal', referral: 0.3,
    services: [{ service: 'nebulisation', p: 0.6 }],
    regimens: [r(70, l('Salbutamol 100mcg/liều', 1, 1, [1, 1], 1), l('Prednisolon 5mg', 6, 1, [5, 5])), r(30, l('Salbutamol 2mg', 1, 3, [7, 7]), l('Methylprednisolon 16mg', 1, 1, [5, 5]))],
    inpatientRegimens: [r(100, l('Dexamethason 4mg/1ml', 1, 2, [3, 5]), l('Salbutamol 100mcg/liều', 1, 1, [1, 1], 1))],
  },
  {
    icd10: 'J44.1', display: 'Bệnh phổi tắc nghẽn mạn tính có đợt cấp, không đặc hiệu', complaint: 'Khó thở tăng, ho khạc đờm',
    weights: [0, 0, 0, 0.2, 1.5, 5], level: 'secondary', specialty: 'lung', inpatient: 0.55, stay: [5, 10], emergency: 0.3, labState: 'bacterial', referral: 0.5,
    labs: [{ panel: 'cbc', p: 0.7 }, { panel: 'crp', p: 0.3 }], services: [{ service: 'chestXray', p: 0.8 }, { service: 'nebulisation', p: 0.5 }],
    regimens: [r(100, l('Salbutamol 100mcg/liều', 1, 1, [1, 1], 1), l('Prednisolon 5mg', 6, 1, [5, 5]), AUGMENTIN)],
    inpatientRegimens: [r(100, CEFTRIAXON, l('Methylprednisolon 16mg', 2, 1, [5, 5]))],
  },
  {
    icd10: 'A09', display: 'Tiêu chảy và viêm dạ dày ruột có nguồn gốc nhiễm trùng', complaint: 'Tiêu chảy, nôn',
    weights: [12, 5, 3, 3, 3, 3], level: 'primary', inpatient: 0.16, stay: [2, 4], fever: true, labState: 'bacterial', referral: 0.03,
    labs: [{ panel: 'cbc', p: 0.1 }],
    regimens: [r(45, l('Oresol 245', 1, 3, [3, 3]), l('Diosmectit 3g', 1, 3, [3, 3])), r(25, l('Oresol 245', 1, 3, [3, 3]), l('Ciprofloxacin 500mg', 1, 2, [5, 5])), r(15, l('Oresol 245', 1, 3, [3, 3]), l('Metronidazol 250mg', 2, 3, [5, 7])), r(15, l('Oresol 245', 1, 3, [3, 3]), l('Loperamid 2mg', 1, 2, [2, 3]))],
    childRegimens: [r(50, l('Oresol 245', 1, 3, [3, 3]), l('Kẽm gluconat 10mg', 1, 1, [10, 14])), r(20, l('Oresol 245', 1, 3, [3, 3]), l('Bacillus clausii 2 tỷ bào tử', 1, 2, [5, 5])), r(30, l('Oresol 245', 1, 3, [3, 3]), l('Diosmectit 3g', 1, 2, [3, 3]))],
    inpatientRegimens: [r(100, l('Ringer lactat 500ml', 1, 2, [2, 3]), l('Oresol 245', 1, 3, [3, 3]))],
  },
  {
    icd10: 'K29.7', display: 'Viêm dạ dày, không đặc hiệu', complaint: 'Đau thượng vị, ợ chua',
    weights: [0, 2, 8, 10, 9, 7], level: 'primary', inpatient: 0.05, labState: 'normal', referral: 0.02,
    services: [{ service: 'abdominalUltrasound', p: 0.1 }],
    regimens: [r(55, l('Omeprazol 20mg', 1, 2, [14, 28]), l('Nhôm hydroxyd + Magnesi hydroxyd', 1, 3, [10, 14])), r(25, l('Omeprazol 20mg', 1, 2, [14, 28]), l('Domperidon 10mg', 1, 3, [7, 10])), r(20, l('Esomeprazol 40mg', 1, 2, [14, 14]), l('Amoxicilin 500mg', 2, 2, [14, 14]), l('Clarithromycin 500mg', 1, 2, [14, 14]))],
  },
  {
    icd10: 'K21.9', display: 'Bệnh trào ngược dạ dày-thực quản không có viêm thực quản', complaint: 'Ợ nóng, nóng rát sau xương ức',
    weights: [0, 0.5, 3, 4, 4, 3], level: 'primary', inpatient: 0, labState: 'normal',
    regimens: [r(60, l('Esomeprazol 40mg', 1, 1, [28, 28])), r(40, l('Omeprazol 20mg', 1, 2, [28, 28]), l('Domperidon 10mg', 1, 3, [10, 14]))],
  },
  {
    icd10: 'K59.0', display: 'Táo bón', complaint: 'Táo bón, đi ngoài khó',
    weights: [1, 1, 0.5, 0.5, 0.5, 1.5], level: 'primary', inpatient: 0, labState: 'normal',
    regimens: [r(100, l('Lactulose 10g', 1, 2, [7, 10]))],
  },
  {
    icd10: 'M54.5', display: 'Đau vùng thắt lưng', complaint: 'Đau lưng',
    weights: [0, 0.5, 4, 8, 10, 10], level: 'primary', specialty: 'traditional-medicine', inpatient: 0.08, stay: [5, 10], labState: 'normal',
    regimens: [r(50, l('Meloxicam 7,5mg', 1, 1, [7, 10]), l('Eperison 50mg', 1, 3, [7, 10])), r(30, l('Diclofenac 50mg', 1, 2, [5, 7]), l('Eperison 50mg', 1, 3, [7, 7])), r(20, PARA)],
  },
  {
    icd10: 'M54.2', display: 'Đau vùng cổ gáy', complaint: 'Đau mỏi cổ gáy',
    weights: [0, 0.2, 2, 4, 4, 3], level: 'primary', specialty: 'traditional-medicine', inpatient: 0, labState: 'normal',
    regimens: [r(60, l('Meloxicam 7,5mg', 1, 1, [7, 10]), l('Eperison 50mg', 1, 3, [7, 10])), r(40, PARA)],
  },
  {
    icd10: 'M17.9', display: 'Thoái hóa khớp gối, không đặc hiệu', complaint: 'Đau khớp gối',
    weights: [0, 0, 0, 1, 5, 10], level: 'primary', specialty: 'traditional-medicine', inpatient: 0.06, labState: 'normal',
    regimens: [r(60, l('Glucosamin 500mg', 1, 3, [30, 30]), l('Meloxicam 7,5mg', 1, 1, [10, 14])), r(40, l('Glucosamin 500mg', 1, 3, [30, 30]), PARA)],
  },
  {
    icd10: 'R51', display: 'Đau đầu', complaint: 'Đau đầu',
    weights: [0, 2, 3, 3, 2, 2], level: 'primary', inpatient: 0, labState: 'normal',
    regimens: [r(70, PARA), r(30, PARA, l('Vitamin B1 + B6 + B12', 1, 2, [10, 10]))],
  },
  {
    icd10: 'H10.9', display: 'Viêm kết mạc, không đặc hiệu', complaint: 'Đỏ mắt, chảy ghèn',
    weights: [3, 3, 2, 2, 1.5, 1.5], level: 'primary', inpatient: 0, labState: 'normal',
    regimens: [r(70, l('Tobramycin 0,3% 5ml', 1, 4, [7, 7], 1), l('Natri clorid 0,9% 10ml nhỏ mắt', 1, 4, [7, 7], 1)), r(30, l('Natri clorid 0,9% 10ml nhỏ mắt', 1, 4, [7, 7], 1))],
  },
  {
    icd10: 'H66.9', display: 'Viêm tai giữa, không đặc hiệu', complaint: 'Đau tai, sốt',
    weights: [6, 3, 0.5, 0.3, 0.3, 0.3], level: 'primary', specialty: 'children', inpatient: 0, fever: true, labState: 'bacterial', referral: 0.08,
    regimens: [r(100, PARA, AUGMENTIN)],
    childRegimens: [r(100, PARA_CHILD, AMOX_CHILD)],
  },
  {
    icd10: 'L30.9', display: 'Viêm da, không đặc hiệu', complaint: 'Ngứa, nổi mẩn',
    weights: [3, 2, 2, 2, 2, 2], level: 'primary', specialty: 'dermatology', inpatient: 0, labState: 'normal',
    regimens: [r(100, l('Betamethason 0,05% 15g', 1, 2, [7, 7], 1), l('Loratadin 10mg', 1, 1, [7, 7]))],
    childRegimens: [r(100, l('Betamethason 0,05% 15g', 1, 2, [7, 7], 1))],
  },
  {
    icd10: 'L50.9', display: 'Mày đay, không đặc hiệu', complaint: 'Nổi mề đay, ngứa',
    weights: [1, 1, 1.5, 1.5, 1, 0.5], level: 'primary', specialty: 'dermatology', inpatient: 0, labState: 'normal',
    regimens: [r(60, l('Cetirizin 10mg', 1, 1, [7, 10])), r(40, l('Cetirizin 10mg', 1, 1, [7, 10]), l('Methylprednisolon 16mg', 1, 1, [5, 5]))],
    childRegimens: [r(100, l('Clorpheniramin 4mg', 1, 2, [5, 5]))],
  },
  {
    icd10: 'L20.9', display: 'Viêm da cơ địa, không đặc hiệu', complaint: 'Ngứa, da khô, chàm',
    weights: [2, 1, 0.5, 0.3, 0.2, 0.2], level: 'secondary', specialty: 'dermatology', inpatient: 0, labState: 'normal', referral: 0.2,
    regimens: [r(100, l('Betamethason 0,05% 15g', 1, 2, [14, 14], 1), l('Cetirizin 10mg', 1, 1, [14, 14]))],
    childRegimens: [r(100, l('Betamethason 0,05% 15g', 1, 1, [7, 7], 1))],
  },
  {
    icd10: 'B35.4', display: 'Nấm da thân', complaint: 'Ngứa, mảng da tròn đỏ',
    weights: [0.5, 1, 2, 2, 1.5, 1], level: 'primary', specialty: 'dermatology', inpatient: 0, labState: 'normal',
    regimens: [r(100, l('Clotrimazol 1% 20g', 1, 2, [14, 14], 1))],
  },
  {
    icd10: 'B01.9', display: 'Thủy đậu không biến chứng', complaint: 'Sốt, nổi bóng nước',
    weights: [2, 3, 0.5, 0.2, 0, 0], level: 'primary', inpatient: 0.01, fever: true, labState: 'viral',
    regimens: [r(100, PARA, l('Aciclovir 800mg', 1, 5, [7, 7]))],
    childRegimens: [r(100, PARA_CHILD, l('Clorpheniramin 4mg', 1, 2, [5, 5]))],
  },
  {
    icd10: 'N39.0', display: 'Nhiễm trùng đường tiết niệu, vị trí không xác định', complaint: 'Tiểu buốt, tiểu rắt',
    weights: [0.3, 0.2, 0.3, 0.4, 1, 2], female: [0.5, 0.5, 3, 3, 3, 3], level: 'primary', inpatient: 0.12, stay: [3, 6], fever: true, labState: 'uti', referral: 0.04,
    labs: [{ panel: 'urine', p: 0.5 }, { panel: 'cbc', p: 0.15 }],
    regimens: [r(45, l('Ciprofloxacin 500mg', 1, 2, [5, 7])), r(20, l('Levofloxacin 500mg', 1, 1, [5, 7])), r(20, l('Cefixim 200mg', 1, 2, [5, 7])), r(15, l('Sulfamethoxazol + Trimethoprim 480mg', 2, 2, [3, 5]))],
    inpatientRegimens: [r(100, CEFTRIAXON)],
  },
  {
    icd10: 'K02.9', display: 'Sâu răng, không đặc hiệu', complaint: 'Đau răng',
    weights: [2, 4, 3, 3, 3, 2], level: 'primary', inpatient: 0, labState: 'normal',
    regimens: [r(50, AMOX, l('Metronidazol 250mg', 2, 2, [5, 5])), r(30, PARA, AMOX), r(20, PARA)],
    childRegimens: [r(100, PARA_CHILD)],
  },
  {
    icd10: 'T14.1', display: 'Vết thương hở vùng cơ thể không xác định', complaint: 'Vết thương do tai nạn',
    weights: [3, 4, 5, 4, 3, 2], level: 'primary', inpatient: 0.05, stay: [2, 4], emergency: 0.5, labState: 'normal',
    services: [{ service: 'woundSuture', p: 0.7 }],
    regimens: [r(60, PARA, l('Cefalexin 500mg', 1, 3, [5, 5])), r(40, PARA)],
    childRegimens: [r(60, PARA_CHILD, AMOX_CHILD), r(40, PARA_CHILD)],
  },
  {
    icd10: 'S93.4', display: 'Bong gân và căng cơ mắt cá chân', complaint: 'Đau, sưng cổ chân',
    weights: [0, 2, 3, 2, 1.5, 1], level: 'primary', inpatient: 0, emergency: 0.2, labState: 'normal',
    regimens: [r(60, l('Meloxicam 7,5mg', 1, 1, [5, 7])), r(40, PARA)],
    childRegimens: [r(100, PARA_CHILD)],
  },
  {
    icd10: 'S52.5', display: 'Gãy đầu dưới xương quay', complaint: 'Đau, biến dạng cổ tay sau ngã',
    weights: [0.3, 1, 1, 0.8, 1, 2], level: 'tertiary', inpatient: 0.35, stay: [2, 5], emergency: 0.8, labState: 'normal', referral: 0.9,
    services: [{ service: 'limbXray', p: 1 }, { service: 'castApplication', p: 0.85 }],
    regimens: [r(100, PARA, l('Meloxicam 7,5mg', 1, 1, [7, 10]))],
    childRegimens: [r(100, PARA_CHILD)],
  },
  {
    icd10: 'S06.0', display: 'Chấn động não', complaint: 'Đau đầu, choáng sau tai nạn giao thông',
    weights: [0.3, 0.5, 1, 0.8, 0.6, 0.6], level: 'tertiary', inpatient: 0.5, stay: [2, 5], emergency: 0.95, labState: 'normal', referral: 0.9,
    services: [{ service: 'headCt', p: 0.7 }],
    regimens: [r(100, PARA)],
    childRegimens: [r(100, PARA_CHILD)],
    inpatientRegimens: [r(100, l('Paracetamol 1g/100ml', 1, 2, [2, 3]), l('Natri clorid 0,9% 500ml', 1, 2, [2, 3]))],
  },
  {
    icd10: 'I63.9', display: 'Nhồi máu não, không đặc hiệu', complaint: 'Yếu nửa người, nói khó',
    weights: [0, 0, 0, 0.1, 0.8, 3], level: 'tertiary', inpatient: 0.95, stay: [7, 14], emergency: 0.9, labState: 'normal', referral: 0.95,
    labs: [{ panel: 'cbc', p: 0.95 }, { panel: 'glucose', p: 0.9 }, { panel: 'lipids', p: 0.8 }, { panel: 'renal', p: 0.8 }],
    services: [{ service: 'headCt', p: 0.95 }, { service: 'ecg', p: 0.8 }],
    regimens: [r(100, l('Aspirin 81mg', 1, 1, [30, 30]), l('Atorvastatin 20mg', 1, 1, [30, 30]))],
    inpatientRegimens: [r(100, l('Natri clorid 0,9% 500ml', 1, 2, [5, 7]), l('Aspirin 81mg', 1, 1, [7, 14]), l('Clopidogrel 75mg', 1, 1, [7, 14]), l('Atorvastatin 20mg', 2, 1, [7, 14]))],
  },
  {
    icd10: 'I21.9', display: 'Nhồi máu cơ tim cấp, không đặc hiệu', complaint: 'Đau ngực dữ dội',
    weights: [0, 0, 0, 0.05, 0.4, 1.2], level: 'tertiary', inpatient: 0.98, stay: [6, 12], emergency: 0.95, labState: 'normal', referral: 0.98,
    labs: [{ panel: 'cbc', p: 0.95 }, { panel: 'glucose', p: 0.9 }, { panel: 'lipids', p: 0.9 }, { panel: 'renal', p: 0.9 }],
    services: [{ service: 'ecg', p: 1 }, { service: 'chestXray', p: 0.7 }],
    regimens: [r(100, l('Aspirin 81mg', 1, 1, [30, 30]), l('Clopidogrel 75mg', 1, 1, [30, 30]), l('Atorvastatin 20mg', 2, 1, [30, 30]), l('Bisoprolol 2,5mg', 1, 1, [30, 30]))],
    inpatientRegimens: [r(100, l('Morphin 10mg/1ml', 1, 1, [1, 2]), l('Aspirin 81mg', 1, 1, [6, 12]), l('Clopidogrel 75mg', 1, 1, [6, 12]), l('Atorvastatin 20mg', 2, 1, [6, 12]))],
  },
  {
    icd10: 'K35.8', display: 'Viêm ruột thừa cấp, khác và không đặc hiệu', complaint: 'Đau bụng hố chậu phải',
    weights: [0.1, 0.8, 1, 0.6, 0.4, 0.3], level: 'tertiary', inpatient: 0.97, stay: [4, 7], emergency: 0.9, fever: true, labState: 'bacterial', referral: 0.95,
    labs: [{ panel: 'cbc', p: 0.95 }, { panel: 'crp', p: 0.5 }],
    services: [{ service: 'abdominalUltrasound', p: 0.9 }, { service: 'appendectomy', p: 0.95 }],
    regimens: [r(100, PARA, l('Cefuroxim 500mg', 1, 2, [5, 5]))],
    inpatientRegimens: [r(100, CEFTRIAXON, l('Metronidazol 250mg', 2, 3, [5, 5]), l('Paracetamol 1g/100ml', 1, 2, [2, 3]))],
  },
  {
    icd10: 'E78.5', display: 'Tăng lipid máu, không đặc hiệu', complaint: 'Khám kiểm tra mỡ máu',
    weights: [0, 0, 0.3, 2, 4, 4], level: 'secondary', inpatient: 0, labState: 'dyslipidaemia',
    labs: [{ panel: 'lipids', p: 0.9 }, { panel: 'liver', p: 0.3 }],
    regimens: [r(60, l('Atorvastatin 20mg', 1, 1, [30, 30])), r(40, l('Rosuvastatin 10mg', 1, 1, [30, 30]))],
  },
  {
    icd10: 'F41.9', display: 'Rối loạn lo âu, không đặc hiệu', complaint: 'Hồi hộp, lo lắng, mất ngủ',
    weights: [0, 0.1, 1, 1.5, 1.5, 1], level: 'secondary', specialty: 'mental-health', inpatient: 0, labState: 'normal',
    regimens: [r(50, l('Diazepam 5mg', 1, 1, [7, 14]), l('Vitamin B1 + B6 + B12', 1, 2, [14, 14])), r(50, l('Vitamin B1 + B6 + B12', 1, 2, [14, 14]))],
  },
  {
    icd10: 'G47.0', display: 'Rối loạn khởi phát và duy trì giấc ngủ [mất ngủ]', complaint: 'Mất ngủ',
    weights: [0, 0, 0.5, 1, 1.5, 2.5], level: 'primary', inpatient: 0, labState: 'normal',
    regimens: [r(40, l('Diazepam 5mg', 1, 1, [7, 7])), r(60, l('Vitamin B1 + B6 + B12', 1, 2, [10, 14]))],
  },
  {
    icd10: 'F20.9', display: 'Tâm thần phân liệt, không đặc hiệu', complaint: 'Tái khám tâm thần',
    weights: [0, 0, 0.3, 0.3, 0.15, 0.05], level: 'secondary', specialty: 'mental-health', inpatient: 0.1, stay: [14, 28], labState: 'normal', referral: 0.8,
    regimens: [r(100, l('Olanzapin 10mg', 1, 1, [30, 30]))],
    inpatientRegimens: [r(100, l('Olanzapin 10mg', 1, 1, [14, 28]), l('Diazepam 5mg', 1, 1, [7, 7]))],
  },
  {
    icd10: 'A15.0', display: 'Lao phổi, xác định bằng soi đờm có hoặc không có nuôi cấy', complaint: 'Ho kéo dài, sụt cân',
    weights: [0, 0.02, 0.1, 0.15, 0.2, 0.3], level: 'secondary', specialty: 'lung', inpatient: 0.3, stay: [10, 20], labState: 'tb', referral: 0.9,
    labs: [{ panel: 'afb', p: 0.95 }, { panel: 'cbc', p: 0.7 }, { panel: 'liver', p: 0.6 }], services: [{ service: 'chestXray', p: 0.95 }],
    regimens: [r(100, l('Rifampicin + Isoniazid 150mg/75mg', 3, 1, [30, 30]))],
    inpatientRegimens: [r(100, l('Rifampicin + Isoniazid 150mg/75mg', 3, 1, [10, 20]))],
  },
  {
    icd10: 'R50.9', display: 'Sốt, không đặc hiệu', complaint: 'Sốt',
    weights: [8, 3, 1, 1, 1, 1], level: 'primary', inpatient: 0.1, stay: [2, 4], fever: true, labState: 'viral', referral: 0.03,
    labs: [{ panel: 'cbc', p: 0.25 }, { panel: 'dengue-ns1', p: 0.1 }],
    regimens: [r(100, PARA)],
    childRegimens: [r(100, PARA_CHILD)],
  },
  {
    icd10: 'D50.9', display: 'Thiếu máu do thiếu sắt, không đặc hiệu', complaint: 'Mệt mỏi, hoa mắt',
    weights: [1, 0.5, 0.2, 0.2, 0.3, 0.6], female: [1, 1, 2, 2, 1, 1], level: 'secondary', inpatient: 0.06, labState: 'anaemia',
    labs: [{ panel: 'cbc', p: 0.95 }],
    regimens: [r(100, l('Sắt fumarat + Acid folic', 1, 1, [30, 30]))],
  },
];

/** Age-band acute episodes a year (before seasonal and chronic visits). Children under 5 and the old come most. */
export const ACUTE_RATE_PER_YEAR: AgeWeights = [3.0, 1.3, 0.65, 0.8, 1.05, 1.5];

// ── Chronic conditions managed at the commune station ──

export const HYPERTENSION = { icd10: 'I10', display: 'Tăng huyết áp vô căn (nguyên phát)' } as const;
export const DIABETES = { icd10: 'E11.9', display: 'Bệnh đái tháo đường týp 2 không có biến chứng' } as const;

/** Share of residents whose hypertension is diagnosed and managed, by age band. */
export const HYPERTENSION_MANAGED: AgeWeights = [0, 0, 0.002, 0.025, 0.11, 0.24];
/** Share of residents with managed type-2 diabetes, by age band. */
export const DIABETES_MANAGED: AgeWeights = [0, 0, 0.001, 0.01, 0.05, 0.09];

export const ANTIHYPERTENSIVES: Regimen[] = [
  r(40, l('Amlodipin 5mg', 1, 1, [30, 30])),
  r(25, l('Amlodipin 5mg', 1, 1, [30, 30]), l('Losartan 50mg', 1, 1, [30, 30])),
  r(15, l('Enalapril 5mg', 1, 2, [30, 30])),
  r(10, l('Losartan 50mg', 1, 1, [30, 30]), l('Hydroclorothiazid 25mg', 1, 1, [30, 30])),
  r(5, l('Nifedipin 20mg', 1, 2, [30, 30])),
  r(5, l('Perindopril 5mg', 1, 1, [30, 30]), l('Bisoprolol 2,5mg', 1, 1, [30, 30])),
];

export const ANTIDIABETICS: Regimen[] = [
  r(45, l('Metformin 850mg', 1, 2, [30, 30])),
  r(25, l('Metformin 850mg', 1, 2, [30, 30]), l('Gliclazid 30mg', 1, 1, [30, 30])),
  r(15, l('Metformin 500mg', 1, 2, [30, 30]), l('Glimepirid 2mg', 1, 1, [30, 30])),
  r(8, l('Metformin 850mg', 1, 2, [30, 30]), l('Insulin người trộn 30/70 100IU/ml 10ml', 1, 1, [30, 30], 1)),
  r(7, l('Gliclazid 30mg', 2, 1, [30, 30])),
];

// ── Pregnancy ──

export const ANTENATAL = { icd10: 'Z34.9', display: 'Giám sát thai nghén bình thường, không đặc hiệu' } as const;
export const DELIVERY = { icd10: 'O80', display: 'Đẻ thường một thai' } as const;
export const CAESAREAN = { icd10: 'O82', display: 'Đẻ một thai bằng mổ lấy thai' } as const;

export const ANTENATAL_REGIMEN: Regimen = r(
  1,
  l('Sắt fumarat + Acid folic', 1, 1, [30, 30]),
  l('Calci carbonat + Vitamin D3', 1, 1, [30, 30]),
);
export const DELIVERY_REGIMEN: Regimen = r(
  1,
  l('Oxytocin 5IU/1ml', 1, 1, [1, 1]),
  l('Paracetamol 500mg', 1, 3, [3, 3]),
);
export const CAESAREAN_REGIMEN: Regimen = r(
  1,
  l('Oxytocin 5IU/1ml', 1, 1, [1, 1]),
  l('Cefotaxim 1g', 1, 2, [3, 3]),
  l('Paracetamol 1g/100ml', 1, 2, [2, 2]),
);

/** Chance a woman of the age is pregnant at some time during a year (about 14 births per 1,000 residents). */
export function pregnancyChance(age: number): number {
  if (age < 18 || age > 42) return 0;
  if (age < 25) return 0.1;
  if (age < 35) return 0.11;
  return 0.035;
}
