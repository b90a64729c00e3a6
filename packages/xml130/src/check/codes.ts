import {
  DISCHARGE_TYPES,
  FACILITY_CODE,
  ICD10,
  MAX_SECONDARY_DIAGNOSES,
  SEX,
  TREATMENT_RESULTS,
  VISIT_TYPES,
} from '../codes.js';
import type { RuleId } from '../rules.js';
import { type CheckContext, type PlacedRow, placeOf } from './context.js';

const CODE_SETS: readonly [string, Readonly<Record<string, unknown>>, RuleId][] = [
  ['GIOI_TINH', SEX, 'code.sex'],
  ['MA_LOAI_KCB', VISIT_TYPES, 'code.visit-type'],
  ['MA_LOAI_RV', DISCHARGE_TYPES, 'code.discharge-type'],
  ['KET_QUA_DTRI', TREATMENT_RESULTS, 'code.treatment-result'],
];

const FACILITY_FIELDS = ['MA_CSKCB', 'MA_DKBD', 'MA_NOI_DI', 'MA_NOI_DEN'];
/** Single-code diagnosis fields; MA_BENH_KT (XML1, XML13, XML14) and XML3 MA_BENH hold ;-separated lists. */
const ICD_FIELDS = ['MA_BENH_CHINH', 'MA_BENH_KT', 'MA_BENH'];

const items = (value: string): string[] => value.split(';').map((v) => v.trim());

/** Code sets, ICD-10 shape and facility codes of whichever of these fields the row's table has. */
export function checkRowCodes(ctx: CheckContext, at: PlacedRow): void {
  for (const [field, codes, rule] of CODE_SETS) {
    if (!at.layout.spec[field]) continue;
    const value = ctx.usable(at, field);
    if (value !== undefined && !Object.hasOwn(codes, value)) ctx.report(rule, placeOf(at, field));
  }
  for (const field of FACILITY_FIELDS) {
    if (!at.layout.spec[field]) continue;
    const value = ctx.usable(at, field);
    if (value === undefined) continue;
    const bad = items(value).find((code) => !FACILITY_CODE.test(code));
    if (bad !== undefined) ctx.report('code.facility', placeOf(at, field), { code: bad });
  }
  for (const field of ICD_FIELDS) {
    if (!at.layout.spec[field]) continue;
    const value = ctx.usable(at, field);
    if (value === undefined) continue;
    const codes = field === 'MA_BENH_CHINH' ? [value] : items(value);
    const bad = codes.find((code) => !ICD10.test(code));
    if (bad !== undefined) ctx.report('code.icd10', placeOf(at, field), { code: bad });
    else if (field === 'MA_BENH_KT' && codes.length > MAX_SECONDARY_DIAGNOSES) {
      ctx.report('code.icd10-count', placeOf(at, field), { count: codes.length });
    }
  }
}
