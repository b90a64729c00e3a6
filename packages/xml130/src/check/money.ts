import { isSupplyGroup } from '../codes.js';
import { formatScaled, parseScaled } from '../format.js';
import { lineAmountCents } from '../money.js';
import type { RuleId } from '../rules.js';
import { type CheckContext, type PlacedRow, placeOf } from './context.js';

/**
 * The money of a visit, after 130/QĐ-BYT: each drug and service line's
 * THANH_TIEN_BV is SO_LUONG × its unit price, rounded to 2 decimals (the
 * same lineAmountCents the generator prices with), and XML1's totals are
 * the sums of the lines. In XML3 the unit price is DON_GIA_BV and the line
 * is also multiplied by TYLE_TT_DV/100 (the service's payment rate: a
 * second examination the same day 30, a second procedure in the same
 * session 50 or 80, a shared bed 50 or 33). 4750 first wrote
 * THANH_TIEN_BV = SO_LUONG × DON_GIA_BV; its erratum adds × TYLE_TT_DV, a
 * percentage as in THANH_TIEN_BH's formula (read in a vendor's
 * transcription of the amended table, not in the signed text).
 */

const cents = (value: string | undefined): bigint | undefined =>
  value === undefined ? undefined : parseScaled(value, 2);
const milli = (value: string | undefined): bigint | undefined =>
  value === undefined ? undefined : parseScaled(value, 3);
const money = (c: bigint): string => formatScaled(c, 2);

/** Checks THANH_TIEN_BV of one line (when its fields are there and well formed). */
export function checkLineTotal(ctx: CheckContext, at: PlacedRow): void {
  const priceField = at.layout.name === 'XML2' ? 'DON_GIA' : 'DON_GIA_BV';
  const quantity = milli(ctx.usable(at, 'SO_LUONG'));
  const price = milli(ctx.usable(at, priceField));
  const total = cents(ctx.usable(at, 'THANH_TIEN_BV'));
  if (quantity === undefined || price === undefined || total === undefined) return;
  const rateText = at.layout.name === 'XML3' ? ctx.usable(at, 'TYLE_TT_DV') : undefined;
  const expected =
    rateText === undefined ? lineAmountCents(quantity, price) : lineAmountCents(quantity, price, BigInt(rateText));
  const off = total > expected ? total - expected : expected - total;
  if (off === 0n) return;
  const rule = off === 1n ? 'money.line-rounding' : 'money.line-total';
  ctx.report(rule, placeOf(at, 'THANH_TIEN_BV'), {
    expected: money(expected),
    priceField: rateText === undefined ? priceField : `${priceField} × TYLE_TT_DV/100`,
  });
}

/** XML1 total ← the XML2/XML3 field it sums, and which lines count. */
const TOTALS: readonly [string, string, RuleId, (at: PlacedRow) => boolean][] = [
  ['T_TONGCHI_BV', 'THANH_TIEN_BV', 'money.total', () => true],
  ['T_THUOC', 'THANH_TIEN_BV', 'money.drugs', (at) => at.layout.name === 'XML2'],
  [
    'T_VTYT',
    'THANH_TIEN_BV',
    'money.supplies',
    (at) => at.layout.name === 'XML3' && isSupplyGroup(at.row.MA_NHOM ?? ''),
  ],
  ['T_TONGCHI_BH', 'THANH_TIEN_BH', 'money.sum', () => true],
  ['T_BHTT', 'T_BHTT', 'money.sum', () => true],
  ['T_BNCCT', 'T_BNCCT', 'money.sum', () => true],
  ['T_BNTT', 'T_BNTT', 'money.sum', () => true],
  ['T_NGUONKHAC', 'T_NGUONKHAC', 'money.sum', () => true],
];

/**
 * XML1's totals against the lines of XML2 and XML3. A total the file leaves
 * empty counts as 0; a sum over a line whose amount is malformed is skipped
 * (that line is reported already).
 */
export function checkVisitTotals(ctx: CheckContext, summary: PlacedRow, lines: readonly PlacedRow[]): void {
  for (const [field, lineField, rule, counts] of TOTALS) {
    if (summary.row[field] !== undefined && summary.row[field] !== '' && ctx.usable(summary, field) === undefined)
      continue;
    const stated = cents(ctx.usable(summary, field) ?? '0')!;
    let sum = 0n;
    let complete = true;
    for (const line of lines) {
      if (!counts(line)) continue;
      const raw = line.row[lineField];
      if (raw === undefined || raw === '') continue;
      const amount = cents(ctx.usable(line, lineField));
      if (amount === undefined) complete = false;
      else sum += amount;
    }
    if (complete && stated !== sum) {
      ctx.report(
        rule,
        { ...placeOf(summary, field), value: summary.row[field] ?? '' },
        { expected: money(sum), lineField },
      );
    }
  }
}
