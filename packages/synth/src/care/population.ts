/**
 * Age bands used by the care tables and the share of Vietnam's population in
 * each (2019 census, rounded): 0–4, 5–14, 15–29, 30–44, 45–59, 60+.
 */
export const AGE_BAND_SHARES = [0.075, 0.155, 0.22, 0.235, 0.185, 0.13] as const;

export type AgeWeights = readonly [number, number, number, number, number, number];

export function ageBand(age: number): 0 | 1 | 2 | 3 | 4 | 5 {
  if (age < 5) return 0;
  if (age < 15) return 1;
  if (age < 30) return 2;
  if (age < 45) return 3;
  if (age < 60) return 4;
  return 5;
}

/**
 * Scales relative age factors so that the population average is 1: a rate
 * per 100,000 residents then keeps its meaning while falling mostly on the
 * ages the disease strikes.
 */
export function normaliseAgeFactors(factors: AgeWeights): AgeWeights {
  const mean = factors.reduce((sum, factor, band) => sum + factor * AGE_BAND_SHARES[band]!, 0);
  return factors.map((factor) => factor / mean) as unknown as AgeWeights;
}
