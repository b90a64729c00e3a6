import type { Province, Vaccination } from '../model.js';
import { Random } from '../random.js';

/**
 * Vaccines given in Vietnam with their CVX codes. Where a Vietnamese product
 * has no CVX code of its own, the closest one is used:
 * - the 5-in-1 DTwP-HepB-Hib of the EPI (Quinvaxem, ComBE Five) → 102
 *   "DTP-Hib-Hep B" (the non-US whole-cell combination);
 * - bivalent OPV → 178 "OPV bivalent" (non-US);
 * - the Vietnamese inactivated mouse-brain Japanese-encephalitis vaccine
 *   (Jevax) → 39 "Japanese encephalitis SC" (JE-Vax, also mouse-brain derived);
 * - measles–rubella (MRVAC) → 04 "M/R";
 * - Sinopharm's Vero Cell → 510 (BIBP, non-US).
 */
export type VaccineKey =
  | 'hepb-birth'
  | 'bcg'
  | 'penta'
  | 'bopv'
  | 'ipv'
  | 'measles'
  | 'dtp'
  | 'mr'
  | 'je'
  | 'covid-az'
  | 'covid-sinopharm'
  | 'covid-pfizer'
  | 'covid-moderna'
  | 'covid-pfizer-child';

export const VACCINES: Record<VaccineKey, Vaccination['vaccine'] & { lotPrefix: string }> = {
  'hepb-birth': { cvx: '08', name: 'Vắc xin viêm gan B liều sơ sinh', disease: 'Viêm gan B', lotPrefix: 'HB' },
  bcg: { cvx: '19', name: 'Vắc xin BCG', disease: 'Lao', lotPrefix: 'BCG' },
  penta: {
    cvx: '102',
    name: 'Vắc xin 5 trong 1 (DPT-VGB-Hib)',
    disease: 'Bạch hầu, ho gà, uốn ván, viêm gan B, viêm phổi/viêm màng não do Hib',
    lotPrefix: 'QV',
  },
  bopv: { cvx: '178', name: 'Vắc xin bại liệt uống (bOPV)', disease: 'Bại liệt', lotPrefix: 'OPV' },
  ipv: { cvx: '10', name: 'Vắc xin bại liệt tiêm (IPV)', disease: 'Bại liệt', lotPrefix: 'IPV' },
  measles: { cvx: '05', name: 'Vắc xin sởi', disease: 'Sởi', lotPrefix: 'MVV' },
  dtp: { cvx: '01', name: 'Vắc xin DPT (nhắc lại)', disease: 'Bạch hầu, ho gà, uốn ván', lotPrefix: 'DPT' },
  mr: { cvx: '04', name: 'Vắc xin sởi - rubella (MR)', disease: 'Sởi, rubella', lotPrefix: 'MR' },
  je: { cvx: '39', name: 'Vắc xin viêm não Nhật Bản', disease: 'Viêm não Nhật Bản', lotPrefix: 'JEV' },
  'covid-az': { cvx: '210', name: 'Vắc xin phòng COVID-19 AstraZeneca', disease: 'COVID-19', lotPrefix: 'ABV' },
  'covid-sinopharm': {
    cvx: '510',
    name: 'Vắc xin phòng COVID-19 Vero Cell (Sinopharm)',
    disease: 'COVID-19',
    lotPrefix: '2021',
  },
  'covid-pfizer': {
    cvx: '208',
    name: 'Vắc xin phòng COVID-19 Comirnaty (Pfizer-BioNTech)',
    disease: 'COVID-19',
    lotPrefix: 'FK',
  },
  'covid-moderna': {
    cvx: '207',
    name: 'Vắc xin phòng COVID-19 Spikevax (Moderna)',
    disease: 'COVID-19',
    lotPrefix: 'MOD',
  },
  'covid-pfizer-child': {
    cvx: '218',
    name: 'Vắc xin phòng COVID-19 Comirnaty (Pfizer-BioNTech) cho trẻ 5-11 tuổi',
    disease: 'COVID-19',
    lotPrefix: 'FP',
  },
};

const lots = new WeakMap<Province, Map<string, string>>();

/**
 * The lot in use for a vaccine in a month. Everyone vaccinated in the same
 * month shares a handful of lots, as in life; each lot is drawn once from the
 * province seed, so it is the same whichever resident asks first.
 */
export function lotOf(province: Province, key: VaccineKey, date: string, choice: number): string {
  let map = lots.get(province);
  if (!map) {
    map = new Map();
    lots.set(province, map);
  }
  const month = date.slice(0, 7);
  const id = `${key}|${month}|${choice}`;
  let lot = map.get(id);
  if (!lot) {
    const r = Random.seeded(province.seed).stream('vaccine-lot', key, month, choice);
    const prefix = VACCINES[key].lotPrefix;
    lot =
      key === 'covid-sinopharm'
        ? `${date.slice(0, 4)}${date.slice(5, 7)}B${r.digits(3)}`
        : `${prefix}${r.digits(key.startsWith('covid') ? 4 : 5)}`;
    map.set(id, lot);
  }
  return lot;
}
