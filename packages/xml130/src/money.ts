import { divRound, toScaled } from './format.js';

/**
 * The money of one drug or service line, in đồng × 100 ("cents") so every
 * sum in the file is exact. SO_LUONG and the unit prices carry 3 decimals as
 * the decision asks; the amounts are rounded to 2 decimals per line and the
 * totals of XML1 are the sums of the rounded lines.
 */
export interface PricedLine {
  /** SO_LUONG in thousandths. */
  quantityMilli: bigint;
  /** DON_GIA / DON_GIA_BV in thousandths of a đồng. */
  unitPriceMilli: bigint;
  /** DON_GIA_BH in thousandths of a đồng. */
  insurancePriceMilli: bigint;
  /** TYLE_TT_BH actually applied: 0 when the visit is self-paying. */
  rate: number;
  /** THANH_TIEN_BV = SO_LUONG × DON_GIA_BV. */
  total: bigint;
  /** THANH_TIEN_BH = SO_LUONG × DON_GIA_BH × TYLE_TT_BH / 100. */
  inScope: bigint;
}

export interface LineShares {
  /** T_BHTT = THANH_TIEN_BH × MUC_HUONG / 100. */
  fund: bigint;
  /** T_BNCCT = THANH_TIEN_BH − T_BHTT. */
  coPayment: bigint;
  /** T_BNTT = THANH_TIEN_BV − THANH_TIEN_BH. */
  outOfScope: bigint;
}

// Thousandths × thousandths = millionths of a đồng; cents are 10^4 of those.
const MILLIONTHS_PER_CENT = 10_000n;

/**
 * SO_LUONG × a unit price × each rate / 100, in cents, rounded to 2 decimals
 * halves up: THANH_TIEN_BV (= SO_LUONG × DON_GIA) and THANH_TIEN_BH
 * (× TYLE_TT_BH / 100) of 130/QĐ-BYT, one line at a time. The generator and
 * the checker both use it, so what one writes the other accepts.
 */
export function lineAmountCents(quantityMilli: bigint, unitPriceMilli: bigint, ...ratesPercent: bigint[]): bigint {
  let numerator = quantityMilli * unitPriceMilli;
  let denominator = MILLIONTHS_PER_CENT;
  for (const rate of ratesPercent) {
    numerator *= rate;
    denominator *= 100n;
  }
  return divRound(numerator, denominator);
}

export function priceLine(quantity: number, unitPrice: number, insurancePrice: number, rate: number): PricedLine {
  if (!Number.isInteger(rate) || rate < 0 || rate > 100)
    throw new Error(`TYLE_TT_BH must be an integer 0–100, got ${rate}`);
  const quantityMilli = toScaled(quantity, 3, 'SO_LUONG');
  const unitPriceMilli = toScaled(unitPrice, 3, 'DON_GIA');
  const insurancePriceMilli = toScaled(insurancePrice, 3, 'DON_GIA_BH');
  const total = lineAmountCents(quantityMilli, unitPriceMilli);
  const inScope = lineAmountCents(quantityMilli, insurancePriceMilli, BigInt(rate));
  if (inScope > total) throw new Error('the insurance price of a line exceeds its hospital price');
  return { quantityMilli, unitPriceMilli, insurancePriceMilli, rate, total, inScope };
}

export function shareLine(line: PricedLine, benefitPercent: number): LineShares {
  const fund = divRound(line.inScope * BigInt(benefitPercent), 100n);
  return { fund, coPayment: line.inScope - fund, outOfScope: line.total - line.inScope };
}

export interface VisitTotals {
  drugs: bigint;
  supplies: bigint;
  total: bigint;
  inScope: bigint;
  fund: bigint;
  coPayment: bigint;
  outOfScope: bigint;
}

export function sumLines(
  lines: readonly { priced: PricedLine; shares: LineShares; drug: boolean; supply: boolean }[],
): VisitTotals {
  const totals: VisitTotals = {
    drugs: 0n,
    supplies: 0n,
    total: 0n,
    inScope: 0n,
    fund: 0n,
    coPayment: 0n,
    outOfScope: 0n,
  };
  for (const { priced, shares, drug, supply } of lines) {
    if (drug) totals.drugs += priced.total;
    if (supply) totals.supplies += priced.total;
    totals.total += priced.total;
    totals.inScope += priced.inScope;
    totals.fund += shares.fund;
    totals.coPayment += shares.coPayment;
    totals.outOfScope += shares.outOfScope;
  }
  return totals;
}
