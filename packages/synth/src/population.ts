import type { Sex } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { addYears, dayNumber, fromDayNumber } from './ymd.js';

/** One five-year band of the pyramid: shares of the whole population, in percent. */
export interface AgeBand {
  /** Age in completed years, both ends included. */
  from: number;
  to: number;
  male: number;
  female: number;
}

/*
 * Percent of all residents by band and sex, from the age structure of
 * Vietnam around 2024 (GSO and UN population estimates, rounded; the
 * province is close to the national shape): 23% aged 0–14, 68% aged 15–64,
 * 9% aged 65 and over; about 99 males per 100 females overall, with the
 * boys' surplus of a birth sex ratio near 111 in the young bands and women
 * outnumbering men among the old. Band totals and within-band sex ratios
 * are estimates, not an official table for Đồng Nai.
 */
const BANDS: readonly [from: number, to: number, percent: number, malesPer100Females: number][] = [
  [0, 4, 6.9, 110],
  [5, 9, 8.0, 109],
  [10, 14, 8.1, 108],
  [15, 19, 7.2, 107],
  [20, 24, 6.8, 105],
  [25, 29, 7.2, 103],
  [30, 34, 8.1, 102],
  [35, 39, 8.0, 101],
  [40, 44, 7.4, 100],
  [45, 49, 6.6, 99],
  [50, 54, 6.0, 96],
  [55, 59, 5.4, 92],
  [60, 64, 5.3, 88],
  [65, 69, 3.9, 82],
  [70, 74, 2.4, 76],
  [75, 79, 1.3, 66],
  [80, 84, 0.7, 55],
  [85, 89, 0.45, 45],
  [90, 94, 0.19, 38],
  [95, 99, 0.06, 30],
];

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The age–sex pyramid residents are drawn from (percent of all residents; sums to 100). */
export const AGE_SEX_PYRAMID: readonly AgeBand[] = BANDS.map(([from, to, percent, ratio]) => ({
  from,
  to,
  male: round2((percent * ratio) / (100 + ratio)),
  female: round2((percent * 100) / (100 + ratio)),
}));

interface Cell {
  band: AgeBand;
  sex: Sex;
  percent: number;
}

const CELLS: WeightedTable<Cell> = new WeightedTable(
  AGE_SEX_PYRAMID.flatMap((band): Cell[] => [
    { band, sex: 'male', percent: band.male },
    { band, sex: 'female', percent: band.female },
  ]),
  (cell) => cell.percent,
);

/** For each band, the day numbers of the earliest birth date and the span, for the last `asOf` asked. */
let spans: { asOf: string; byBand: Map<AgeBand, [earliest: number, span: number]> } | undefined;

function spanOf(band: AgeBand, asOf: string): [number, number] {
  if (spans?.asOf !== asOf) spans = { asOf, byBand: new Map() };
  let span = spans.byBand.get(band);
  if (!span) {
    // Born after the day `to + 1` years before asOf, and on or before the day `from` years before.
    const earliest = dayNumber(addYears(asOf, -(band.to + 1))) + 1;
    const latest = dayNumber(addYears(asOf, -band.from));
    span = [earliest, latest - earliest];
    spans.byBand.set(band, span);
  }
  return span;
}

/**
 * A sex and a birth date such that the person's age on `asOf` follows the
 * pyramid; within a band every birth day is equally likely.
 */
export function drawBirthDate(random: Random, asOf: string): { birthDate: string; sex: Sex } {
  const { band, sex } = CELLS.draw(random);
  const [earliest, span] = spanOf(band, asOf);
  return { birthDate: fromDayNumber(earliest + random.int(0, span)), sex };
}
