import type { FieldSpec } from '../layout.js';
import { type CheckContext, type PlacedRow, placeOf } from './context.js';
import { isBirthDate, isDate, isDateTime } from './dates.js';

/**
 * Types and lengths of every field of a row, per its table's layout
 * (layouts/*.ts, from the decision's tables). MA_LK is left to the visit
 * rules (visit.missing-ma-lk, visit.ma-lk), which say more.
 */
export function checkRowFields(ctx: CheckContext, at: PlacedRow): void {
  for (const spec of Object.values(at.layout.spec)) {
    const value = at.row[spec.name] ?? '';
    if (spec.name === 'MA_LK') continue;
    if (value === '') {
      if (spec.required) ctx.report('field.required', placeOf(at, spec.name));
      continue;
    }
    if (!checkValue(ctx, at, spec, value)) ctx.markMalformed(at.layout.name, at.index, spec.name);
  }
}

const length = (s: string): number => Array.from(s).length;

/** Reports what is wrong with one non-empty value; false when it is malformed. */
function checkValue(ctx: CheckContext, at: PlacedRow, spec: FieldSpec, value: string): boolean {
  const place = placeOf(at, spec.name);
  if (spec.maxTotal !== undefined && length(value) > spec.maxTotal) {
    ctx.report('field.max-length', place, { length: length(value), max: spec.maxTotal });
    return false;
  }
  const items = spec.list ? value.split(';').map((v) => v.trim()) : [value];
  for (const item of items) {
    switch (spec.kind) {
      case 'text':
        if (spec.max !== undefined && length(item) > spec.max) {
          ctx.report('field.max-length', place, { length: length(item), max: spec.max });
          return false;
        }
        break;
      case 'int':
        if (!/^\d+$/.test(item) || (spec.max !== undefined && item.length > spec.max)) {
          ctx.report('field.number', place, { integer: 'yes', max: spec.max });
          return false;
        }
        break;
      case 'decimal': {
        const m = /^(\d+)(?:\.(\d+))?$/.exec(item);
        const digits = m ? m[1]!.length + (m[2]?.length ?? 0) : 0;
        if (!m || (spec.max !== undefined && digits > spec.max)) {
          ctx.report('field.number', place, { max: spec.max });
          return false;
        }
        if (spec.decimals !== undefined && (m[2]?.length ?? 0) > spec.decimals) {
          ctx.report('field.decimals', place, { decimals: spec.decimals });
          return false;
        }
        break;
      }
      case 'date':
        if (!isDate(item)) {
          ctx.report('field.date', place, { format: 'yyyymmdd', example: '20260314' });
          return false;
        }
        break;
      case 'datetime':
        if (!isDateTime(item)) {
          ctx.report('field.date', place, { format: 'yyyymmddHHMM', example: '202603140830' });
          return false;
        }
        break;
      case 'day':
        if (!isDate(item) && !isDateTime(item)) {
          ctx.report('field.date', place, { format: 'yyyymmdd | yyyymmddHHMM', example: '20260321' });
          return false;
        }
        break;
      case 'birth':
        if (!isBirthDate(item)) {
          ctx.report('field.birth-date', place);
          return false;
        }
        break;
    }
  }
  return true;
}
