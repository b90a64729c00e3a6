import { isSupplyGroup } from '../codes.js';
import { divRound, formatScaled, parseScaled } from '../format.js';
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

/** Checks the money of one drug or service line: rates, benefit level, THANH_TIEN_BV, THANH_TIEN_BH and who pays it. */
export function checkLineMoney(ctx: CheckContext, at: PlacedRow): void {
  checkRates(ctx, at);
  const totalRight = checkLineTotal(ctx, at);
  checkInsuredAmount(ctx, at);
  checkBenefitLevel(ctx, at);
  if (totalRight) checkLineShares(ctx, at);
}

/**
 * TYLE_TT_BH and TYLE_TT_DV are percentages: the decision divides by 100
 * (THANH_TIEN_BH = THANH_TIEN_BV × TYLE_TT_BH / 100). One out of range is
 * reported here and not used by the formulas below.
 */
function checkRates(ctx: CheckContext, at: PlacedRow): void {
  for (const field of ['TYLE_TT_BH', 'TYLE_TT_DV']) {
    if (!at.layout.spec[field]) continue;
    const rate = ctx.usable(at, field);
    if (rate !== undefined && Number(rate) > 100) {
      ctx.report('money.rate', placeOf(at, field));
      ctx.markMalformed(at.layout.name, at.index, field);
    }
  }
}

/**
 * MUC_HUONG, the share of the insured amount the fund pays: 80, 95 or 100
 * (vn-standards.md §1, XML2; XML3 carries the same field). A line the fund
 * pays nothing of (THANH_TIEN_BH 0, e.g. a self-paying visit) may say 0.
 */
function checkBenefitLevel(ctx: CheckContext, at: PlacedRow): void {
  const level = ctx.usable(at, 'MUC_HUONG');
  if (level === undefined) return;
  const n = Number(level);
  if (n === 80 || n === 95 || n === 100) return;
  if (n === 0 && cents(ctx.usable(at, 'THANH_TIEN_BH') ?? '0') === 0n) return;
  ctx.report('money.benefit-level', placeOf(at, 'MUC_HUONG'));
}

/** Checks THANH_TIEN_BV of one line (when its fields are there and well formed); false when it was found wrong. */
function checkLineTotal(ctx: CheckContext, at: PlacedRow): boolean {
  const priceField = at.layout.name === 'XML2' ? 'DON_GIA' : 'DON_GIA_BV';
  const quantity = milli(ctx.usable(at, 'SO_LUONG'));
  const price = milli(ctx.usable(at, priceField));
  const total = cents(ctx.usable(at, 'THANH_TIEN_BV'));
  if (quantity === undefined || price === undefined || total === undefined) return true;
  const rateText = at.layout.name === 'XML3' ? ctx.usable(at, 'TYLE_TT_DV') : undefined;
  const expected =
    rateText === undefined ? lineAmountCents(quantity, price) : lineAmountCents(quantity, price, BigInt(rateText));
  const off = total > expected ? total - expected : expected - total;
  if (off === 0n) return true;
  const rule = off === 1n ? 'money.line-rounding' : 'money.line-total';
  ctx.report(rule, placeOf(at, 'THANH_TIEN_BV'), {
    expected: money(expected),
    priceField: rateText === undefined ? priceField : `${priceField} × TYLE_TT_DV/100`,
  });
  return false;
}

/** Who pays a line: the fund, the patient's co-payment, the patient beyond the fund's scope, other sources. */
const SHARES = ['T_BHTT', 'T_BNCCT', 'T_BNTT', 'T_NGUONKHAC'] as const;

/**
 * Every đồng of a line is paid by someone, so its shares add up to
 * THANH_TIEN_BV. The reference states no formula for the shares; this one
 * follows from what they mean (and the generator's split keeps it), hence a
 * warning. Checked only on a line that gives its shares, all well formed,
 * and whose THANH_TIEN_BV is right (a wrong one is reported already).
 */
function checkLineShares(ctx: CheckContext, at: PlacedRow): void {
  const total = cents(ctx.usable(at, 'THANH_TIEN_BV'));
  if (total === undefined || SHARES.every((f) => (at.row[f] ?? '') === '')) return;
  // An empty share is 0; a malformed one is reported as such, and ends the check.
  const shares = SHARES.map((f) => ((at.row[f] ?? '') === '' ? 0n : cents(ctx.usable(at, f))));
  if (shares.includes(undefined)) return;
  const paid = (shares as bigint[]).reduce((sum, share) => sum + share, 0n);
  if (paid === total) return;
  ctx.report('money.line-split', placeOf(at, 'THANH_TIEN_BV'), {
    shares: SHARES.map((f, i) => `${f} ${money(shares[i]!)}`).join(' + '),
    expected: money(paid),
  });
}

/**
 * THANH_TIEN_BH, the part of the line in the fund's scope: never more than
 * THANH_TIEN_BV; in XML2 THANH_TIEN_BV × TYLE_TT_BH / 100 (vn-standards.md
 * §1), rounded to 2 decimals halves up like THANH_TIEN_BV. Computed from the
 * product SO_LUONG × DON_GIA before its rounding it may come out a cent
 * otherwise: either is accepted. XML3 has DON_GIA_BH, and the reference
 * gives no formula for its THANH_TIEN_BH, so only the bound is checked there.
 */
function checkInsuredAmount(ctx: CheckContext, at: PlacedRow): void {
  const insured = cents(ctx.usable(at, 'THANH_TIEN_BH'));
  const total = cents(ctx.usable(at, 'THANH_TIEN_BV'));
  if (insured === undefined || total === undefined) return;
  if (insured > total) {
    ctx.report('money.insured-over', placeOf(at, 'THANH_TIEN_BH'), { otherValue: at.row.THANH_TIEN_BV });
    return;
  }
  const rateText = ctx.usable(at, 'TYLE_TT_BH');
  if (at.layout.name !== 'XML2' || rateText === undefined) return;
  const rate = BigInt(rateText);
  const expected = divRound(total * rate, 100n);
  const quantity = milli(ctx.usable(at, 'SO_LUONG'));
  const price = milli(ctx.usable(at, 'DON_GIA'));
  const unrounded = quantity !== undefined && price !== undefined ? lineAmountCents(quantity, price, rate) : expected;
  if (insured === expected || insured === unrounded) return;
  const off = insured > expected ? insured - expected : expected - insured;
  ctx.report(off === 1n ? 'money.line-rounding' : 'money.line-insured', placeOf(at, 'THANH_TIEN_BH'), {
    expected: money(expected),
  });
}

/** XML1 total ← the XML2/XML3 field it sums, the tables it sums over, and which of their lines count. */
const TOTALS: readonly [string, string, RuleId, readonly string[], (at: PlacedRow) => boolean][] = [
  ['T_TONGCHI_BV', 'THANH_TIEN_BV', 'money.total', ['XML2', 'XML3'], () => true],
  ['T_THUOC', 'THANH_TIEN_BV', 'money.drugs', ['XML2'], () => true],
  ['T_VTYT', 'THANH_TIEN_BV', 'money.supplies', ['XML3'], (at) => isSupplyGroup(at.row.MA_NHOM ?? '')],
  ['T_TONGCHI_BH', 'THANH_TIEN_BH', 'money.sum', ['XML2', 'XML3'], () => true],
  ['T_BHTT', 'T_BHTT', 'money.sum', ['XML2', 'XML3'], () => true],
  ['T_BNCCT', 'T_BNCCT', 'money.sum', ['XML2', 'XML3'], () => true],
  ['T_BNTT', 'T_BNTT', 'money.sum', ['XML2', 'XML3'], () => true],
  ['T_NGUONKHAC', 'T_NGUONKHAC', 'money.sum', ['XML2', 'XML3'], () => true],
];

/**
 * XML1's totals against the lines of XML2 and XML3. A total the file leaves
 * empty counts as 0; a sum over a line whose amount is malformed is skipped
 * (that line is reported already), and so is a sum over a table that could
 * not be read (`unread`: its error is reported; the sum would only be a false
 * alarm) — said once, as a warning.
 */
export function checkVisitTotals(
  ctx: CheckContext,
  summary: PlacedRow,
  lines: readonly PlacedRow[],
  unread: readonly string[] = [],
): void {
  const skipped = new Set<string>();
  for (const [field, lineField, rule, tables, counts] of TOTALS) {
    const missing = tables.filter((t) => unread.includes(t));
    if (missing.length > 0) {
      for (const t of missing) skipped.add(t);
      continue;
    }
    if (summary.row[field] !== undefined && summary.row[field] !== '' && ctx.usable(summary, field) === undefined)
      continue;
    const stated = cents(ctx.usable(summary, field) ?? '0')!;
    let sum = 0n;
    let complete = true;
    for (const line of lines) {
      if (!tables.includes(line.layout.name) || !counts(line)) continue;
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
  if (skipped.size > 0) ctx.report('money.sums-skipped', { table: 'XML1' }, { tables: [...skipped].join(', ') });
}
