import type { Province, ResidentLife } from './model.js';
import { Random } from './random.js';
import { drawResident } from './residents.js';
import { drawDuplicates } from './duplicates.js';
import { drawVisits } from './visits.js';
import { drawVaccinations } from './vaccinations.js';
import { drawSales } from './pharmacy.js';

/**
 * Resident `index` and everything that happens to them. Each part draws from
 * its own stream of the resident's, so a change to how visits are drawn does
 * not change who the people are.
 */
export function lifeOf(province: Province, index: number): ResidentLife {
  const random = Random.seeded(province.seed).stream('resident', index);
  const resident = drawResident(province, random.stream('person'), index);
  const duplicates = drawDuplicates(province, random.stream('duplicates'), resident);
  const visits = drawVisits(province, random.stream('visits'), resident, duplicates);
  const vaccinations = drawVaccinations(province, random.stream('vaccinations'), resident);
  const sales = drawSales(province, random.stream('sales'), resident, visits);
  return { resident, duplicates, visits, vaccinations, sales };
}
