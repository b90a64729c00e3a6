import type { BirthDateAgreement } from './birth-date.js';
import type { NameAgreement } from './names.js';

/*
 * Fellegi–Sunter weights. For each field and level of agreement, m is the
 * probability of that level when the two records are the same person, u when
 * they are two different people; the weight is log2(m / u), and a pair's
 * weight is the sum over fields (a missing value contributes nothing).
 * The figures are judgements, written down so they can be argued with:
 * - u for names: two different residents share a full name with probability
 *   ~2·10⁻⁴ (Nguyễn is ~38% of family names, Văn/Thị most middle names);
 * - u for birth dates: ~5·10⁻⁵ for the same day (80 years of births, bunched);
 * - m from the registration errors seen at desks: diacritics lost, middle
 *   name dropped, one-letter typos, day and month swapped (the synthetic
 *   province injects the same kinds, docs/integrators/mpi.md shows the rates).
 * Levels of partial birth dates are conditional on one date being partial.
 */
export interface Level {
  m: number;
  u: number;
}

export const NAME_MU: Readonly<Record<NameAgreement, Level>> = {
  exact: { m: 0.55, u: 2e-4 },
  folded: { m: 0.25, u: 2e-4 },
  middle: { m: 0.1, u: 5e-4 },
  typo: { m: 0.07, u: 5e-4 },
  reordered: { m: 0.005, u: 1e-4 },
  'given-only': { m: 0.01, u: 0.01 },
  different: { m: 0.015, u: 0.98 },
};

export const BIRTH_DATE_MU: Readonly<Record<BirthDateAgreement, Level>> = {
  exact: { m: 0.92, u: 5e-5 },
  swapped: { m: 0.03, u: 5e-5 },
  partial: { m: 0.9, u: 0.0125 },
  near: { m: 0.02, u: 1e-3 },
  different: { m: 0.01, u: 0.99 },
};

export type Agreement = 'agree' | 'disagree';

export const SEX_MU: Readonly<Record<Agreement, Level>> = {
  agree: { m: 0.99, u: 0.5 },
  disagree: { m: 0.01, u: 0.5 },
};

/** People move; a commune is weak evidence against, fair evidence for. */
export const COMMUNE_MU: Readonly<Record<Agreement, Level>> = {
  agree: { m: 0.85, u: 0.03 },
  disagree: { m: 0.15, u: 0.97 },
};

/** A phone is shared within a family (parents register children with theirs), hence u. */
export const PHONE_MU: Readonly<Record<Agreement, Level>> = {
  agree: { m: 0.6, u: 5e-4 },
  disagree: { m: 0.4, u: 0.999 },
};

/** A valid CCCD is the person's for life; two valid ones that differ are two people but for a rare typo. */
export const CCCD_MU: Readonly<Record<Agreement, Level>> = {
  agree: { m: 0.999, u: 1e-8 },
  disagree: { m: 1e-4, u: 1 },
};

/** The social-insurance number inside the BHYT card survives a change of card (group, level). */
export const SSN_MU: Readonly<Record<Agreement, Level>> = {
  agree: { m: 0.99, u: 1e-8 },
  disagree: { m: 0.002, u: 1 },
};

export function weightOf(level: Level): number {
  return Math.log2(level.m / level.u);
}
