import type { Period, Province } from './model.js';
import { Random } from './random.js';
import { loadCommunes } from './places.js';
import { buildFacilities } from './facilities.js';
import { buildWorkforce } from './workforce.js';
import { DRUG_CATALOGUE } from './drugs.js';
import { planOutbreaks } from './outbreaks.js';

export interface ProvinceOptions {
  /** Same seed, same province, byte for byte. */
  seed: string | number;
  residents: number;
  /** The period life histories cover (default: DEFAULT_PERIOD). */
  period?: Period;
}

/**
 * Twelve months ending with October 2026, so the rainy-season dengue peak
 * and both hand-foot-mouth seasons fall inside. Fixed rather than "the last
 * twelve months": output must not depend on the day it is generated.
 */
export const DEFAULT_PERIOD: Period = { from: '2025-11-01', to: '2026-10-31' };

export const MAX_RESIDENTS = 4_400_000;

/** Draws what the whole province shares: places, facilities, staff, drugs, outbreaks. */
export function buildProvince(options: ProvinceOptions): Province {
  const { residents } = options;
  if (!Number.isInteger(residents) || residents < 1 || residents > MAX_RESIDENTS) {
    throw new RangeError(`residents must be a whole number from 1 to ${MAX_RESIDENTS}, not ${residents}`);
  }
  const period = options.period ?? DEFAULT_PERIOD;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period.from) || !/^\d{4}-\d{2}-\d{2}$/.test(period.to) || period.from > period.to) {
    throw new RangeError(`the period must be two dates yyyy-mm-dd in order, not ${period.from} … ${period.to}`);
  }
  const random = Random.seeded(options.seed);
  const communes = loadCommunes();
  const facilities = buildFacilities(random.stream('facilities'), communes, residents);
  const workers = buildWorkforce(random.stream('workforce'), facilities, residents);
  // Sized to the province: in a small one an outbreak must still bring a few cases to see.
  const outbreaks = planOutbreaks(random.stream('outbreaks'), communes, period, { residents });
  return {
    seed: String(options.seed),
    residents,
    period,
    communes,
    facilities,
    workers,
    drugs: [...DRUG_CATALOGUE],
    outbreaks,
    communeByCode: new Map(communes.map((c) => [c.code, c])),
    facilityByCode: new Map(facilities.map((f) => [f.code, f])),
  };
}
