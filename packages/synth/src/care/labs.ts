import type { LabResult, Sex } from '../model.js';
import type { Random } from '../random.js';
import type { Service } from './services.js';

/**
 * Laboratory panels with LOINC codes and UCUM units, the reference ranges
 * Vietnamese hospital labs print, and values that follow the patient's state:
 * low platelets and a rising haematocrit in dengue, a high HbA1c in diabetes,
 * leucocytosis and a high CRP in a bacterial infection.
 *
 * Units are the SI units Vietnamese labs report (10*9/L, g/L, mmol/L, µmol/L).
 * LOINC codes are real; the NS1, measles-IgM and AFB codes name one method
 * among several LOINC has for the same test.
 */

export type LabState =
  | 'normal'
  | 'dengue'
  | 'bacterial'
  | 'viral'
  | 'diabetes'
  | 'diabetes-controlled'
  | 'dyslipidaemia'
  | 'uti'
  | 'anaemia'
  | 'covid'
  | 'measles'
  | 'tb'
  | 'pregnancy';

export type PanelKey =
  | 'cbc'
  | 'dengue-ns1'
  | 'glucose'
  | 'glucose-capillary'
  | 'hba1c'
  | 'renal'
  | 'liver'
  | 'lipids'
  | 'crp'
  | 'urine'
  | 'covid-ag'
  | 'measles-igm'
  | 'afb';

interface Indicator {
  code: string;
  name: string;
  loinc: string;
  /** UCUM unit; absent for coded results. */
  unit?: string;
  low?: (sex: Sex) => number;
  high?: (sex: Sex) => number;
  decimals?: number;
  /** Reported only for these states (haematocrit is what dengue is watched by). */
  onlyIn?: LabState[];
  value: (random: Random, state: LabState, sex: Sex) => number | boolean;
}

export interface Panel extends Service {
  key: PanelKey;
  /** A commune health station can run it (rapid tests, glucometer, urine strip). */
  atStation: boolean;
  indicators: Indicator[];
}

const male = (sex: Sex) => sex === 'male';
const between = (random: Random, min: number, max: number) => min + (max - min) * random.next();

const PANELS: Record<PanelKey, Panel> = {
  cbc: {
    key: 'cbc',
    code: '22.0121.1370',
    name: 'Tổng phân tích tế bào máu ngoại vi (bằng máy đếm laser)',
    group: '1',
    price: 46_200,
    atStation: false,
    indicators: [
      {
        code: 'WBC',
        name: 'Số lượng bạch cầu',
        loinc: '6690-2',
        unit: '10*9/L',
        low: () => 4,
        high: () => 10,
        decimals: 1,
        value: (r, s) =>
          s === 'dengue'
            ? between(r, 2, 5)
            : s === 'bacterial' || s === 'uti'
              ? between(r, 10.5, 19)
              : s === 'tb'
                ? between(r, 7, 13)
                : between(r, 4.5, 9.5),
      },
      {
        code: 'PLT',
        name: 'Số lượng tiểu cầu',
        loinc: '777-3',
        unit: '10*9/L',
        low: () => 150,
        high: () => 400,
        decimals: 0,
        value: (r, s) =>
          s === 'dengue' ? (r.chance(0.25) ? between(r, 15, 50) : between(r, 50, 145)) : between(r, 170, 380),
      },
      {
        code: 'HCT',
        name: 'Hematocrit',
        onlyIn: ['dengue', 'anaemia'],
        loinc: '4544-3',
        unit: '%',
        low: (sex) => (male(sex) ? 40 : 36),
        high: (sex) => (male(sex) ? 52 : 46),
        decimals: 1,
        value: (r, s, sex) =>
          s === 'dengue'
            ? between(r, male(sex) ? 46 : 42, male(sex) ? 56 : 51)
            : s === 'anaemia'
              ? between(r, 27, 35)
              : between(r, male(sex) ? 41 : 37, male(sex) ? 50 : 45),
      },
      {
        code: 'HGB',
        name: 'Lượng huyết sắc tố',
        loinc: '718-7',
        unit: 'g/L',
        low: (sex) => (male(sex) ? 130 : 120),
        high: (sex) => (male(sex) ? 170 : 160),
        decimals: 0,
        value: (r, s, sex) =>
          s === 'anaemia'
            ? between(r, 80, 112)
            : s === 'pregnancy'
              ? between(r, 105, 135)
              : between(r, male(sex) ? 132 : 121, male(sex) ? 165 : 150),
      },
    ],
  },
  'dengue-ns1': {
    key: 'dengue-ns1',
    code: '24.0203.1619',
    name: 'Dengue virus NS1Ag test nhanh',
    group: '1',
    price: 129_000,
    atStation: true,
    indicators: [
      {
        code: 'NS1',
        name: 'Dengue NS1 kháng nguyên',
        loinc: '75377-2',
        value: (r, s) => s === 'dengue' && r.chance(0.85),
      },
    ],
  },
  glucose: {
    key: 'glucose',
    code: '23.0075.1494',
    name: 'Định lượng Glucose máu',
    group: '1',
    price: 21_500,
    atStation: false,
    indicators: [
      {
        code: 'GLU',
        name: 'Glucose',
        loinc: '14771-0',
        unit: 'mmol/L',
        low: () => 3.9,
        high: () => 6.4,
        decimals: 1,
        value: glucose,
      },
    ],
  },
  'glucose-capillary': {
    key: 'glucose-capillary',
    code: '23.0076.1495',
    name: 'Đo đường máu mao mạch',
    group: '1',
    price: 15_200,
    atStation: true,
    indicators: [
      {
        code: 'GLU-MM',
        name: 'Glucose máu mao mạch',
        loinc: '14743-9',
        unit: 'mmol/L',
        low: () => 3.9,
        high: () => 6.4,
        decimals: 1,
        value: glucose,
      },
    ],
  },
  hba1c: {
    key: 'hba1c',
    code: '23.0083.1523',
    name: 'Định lượng HbA1c',
    group: '1',
    price: 101_000,
    atStation: false,
    indicators: [
      {
        code: 'HBA1C',
        name: 'HbA1c',
        loinc: '4548-4',
        unit: '%',
        low: () => 4,
        high: () => 6,
        decimals: 1,
        value: (r, s) =>
          s === 'diabetes'
            ? between(r, 7.1, 11.5)
            : s === 'diabetes-controlled'
              ? between(r, 6.2, 7.0)
              : between(r, 4.6, 5.8),
      },
    ],
  },
  renal: {
    key: 'renal',
    code: '23.0051.1494',
    name: 'Định lượng Creatinin máu',
    group: '1',
    price: 21_500,
    atStation: false,
    indicators: [
      {
        code: 'CREA',
        name: 'Creatinin',
        loinc: '14682-9',
        unit: 'umol/L',
        low: (sex) => (male(sex) ? 62 : 44),
        high: (sex) => (male(sex) ? 106 : 80),
        decimals: 0,
        value: (r, s, sex) => {
          const base = male(sex) ? between(r, 68, 104) : between(r, 48, 78);
          return s === 'diabetes' && r.chance(0.2) ? base * between(r, 1.3, 1.9) : base;
        },
      },
    ],
  },
  liver: {
    key: 'liver',
    code: '23.0019.1493',
    name: 'Đo hoạt độ ALT (GPT), AST (GOT)',
    group: '1',
    price: 43_000,
    atStation: false,
    indicators: [
      {
        code: 'ALT',
        name: 'ALT (GPT)',
        loinc: '1742-6',
        unit: 'U/L',
        high: () => 40,
        decimals: 0,
        value: (r, s) => (s === 'dengue' ? between(r, 35, 160) : between(r, 12, 38)),
      },
      {
        code: 'AST',
        name: 'AST (GOT)',
        loinc: '1920-8',
        unit: 'U/L',
        high: () => 40,
        decimals: 0,
        value: (r, s) => (s === 'dengue' ? between(r, 45, 220) : between(r, 14, 37)),
      },
    ],
  },
  lipids: {
    key: 'lipids',
    code: '23.0041.1506',
    name: 'Định lượng Cholesterol toàn phần, Triglycerid',
    group: '1',
    price: 53_800,
    atStation: false,
    indicators: [
      {
        code: 'CHOL',
        name: 'Cholesterol toàn phần',
        loinc: '14647-2',
        unit: 'mmol/L',
        low: () => 3.9,
        high: () => 5.2,
        decimals: 2,
        value: (r, s) =>
          s === 'dyslipidaemia' || (s === 'diabetes' && r.chance(0.5)) ? between(r, 5.4, 7.8) : between(r, 4.0, 5.1),
      },
      {
        code: 'TG',
        name: 'Triglycerid',
        loinc: '14927-8',
        unit: 'mmol/L',
        low: () => 0.46,
        high: () => 1.88,
        decimals: 2,
        value: (r, s) =>
          s === 'dyslipidaemia' || (s === 'diabetes' && r.chance(0.5)) ? between(r, 2.0, 5.5) : between(r, 0.7, 1.8),
      },
    ],
  },
  crp: {
    key: 'crp',
    code: '23.0058.1487',
    name: 'Định lượng CRP',
    group: '1',
    price: 53_800,
    atStation: false,
    indicators: [
      {
        code: 'CRP',
        name: 'CRP',
        loinc: '1988-5',
        unit: 'mg/L',
        low: () => 0,
        high: () => 5,
        decimals: 1,
        value: (r, s) =>
          s === 'bacterial' || s === 'uti'
            ? between(r, 20, 160)
            : s === 'viral' || s === 'covid' || s === 'measles'
              ? between(r, 3, 18)
              : between(r, 0.3, 4.5),
      },
    ],
  },
  urine: {
    key: 'urine',
    code: '23.0206.1596',
    name: 'Tổng phân tích nước tiểu (bằng máy tự động)',
    group: '1',
    price: 27_400,
    atStation: true,
    indicators: [
      { code: 'NIT', name: 'Nitrit niệu', loinc: '5802-4', value: (r, s) => s === 'uti' && r.chance(0.7) },
      {
        code: 'LEU',
        name: 'Bạch cầu niệu',
        loinc: '5799-2',
        value: (r, s) => (s === 'uti' ? r.chance(0.9) : r.chance(0.03)),
      },
    ],
  },
  'covid-ag': {
    key: 'covid-ag',
    code: '24.0319.1701',
    name: 'SARS-CoV-2 Ag test nhanh',
    group: '1',
    price: 78_000,
    atStation: true,
    indicators: [
      {
        code: 'COVAG',
        name: 'SARS-CoV-2 kháng nguyên',
        loinc: '94558-4',
        value: (r, s) => s === 'covid' && r.chance(0.9),
      },
    ],
  },
  'measles-igm': {
    key: 'measles-igm',
    code: '24.0255.1650',
    name: 'Sởi IgM miễn dịch tự động',
    group: '1',
    price: 182_000,
    atStation: false,
    indicators: [
      { code: 'MEAIGM', name: 'Measles IgM', loinc: '35276-5', value: (r, s) => s === 'measles' && r.chance(0.9) },
    ],
  },
  afb: {
    key: 'afb',
    code: '24.0017.1714',
    name: 'AFB trực tiếp nhuộm Ziehl-Neelsen',
    group: '1',
    price: 68_000,
    atStation: false,
    indicators: [
      { code: 'AFB', name: 'Soi đờm tìm AFB', loinc: '11545-1', value: (r, s) => s === 'tb' && r.chance(0.75) },
    ],
  },
};

function glucose(r: Random, s: LabState): number {
  if (s === 'diabetes') return between(r, 7.5, 15);
  if (s === 'diabetes-controlled') return between(r, 5.8, 7.4);
  return between(r, 4.3, 6.1);
}

export function panel(key: PanelKey): Panel {
  return PANELS[key];
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The results of one panel for a patient in a given state. */
export function runPanel(key: PanelKey, random: Random, state: LabState, sex: Sex, at: string): LabResult[] {
  const p = PANELS[key];
  return p.indicators
    .filter((indicator) => !indicator.onlyIn || indicator.onlyIn.includes(state))
    .map((indicator) => {
      const raw = indicator.value(random, state, sex);
      const base = {
        serviceCode: p.code,
        indicatorCode: indicator.code,
        name: indicator.name,
        loinc: indicator.loinc,
        at,
      };
      if (typeof raw === 'boolean') {
        return { ...base, value: raw ? 'Dương tính' : 'Âm tính', interpretation: raw ? 'POS' : 'NEG' };
      }
      const value = round(raw, indicator.decimals ?? 1);
      const low = indicator.low?.(sex);
      const high = indicator.high?.(sex);
      const result: LabResult = { ...base, value, unit: indicator.unit, interpretation: 'N' };
      if (low !== undefined) result.low = low;
      if (high !== undefined) result.high = high;
      if (low !== undefined && value < low) result.interpretation = 'L';
      else if (high !== undefined && value > high) result.interpretation = 'H';
      return result;
    });
}
