import type { Sex } from '../model.js';
import { WeightedTable, type Random } from '../random.js';
import { monthOf, weekdayOf } from './calendar.js';
import { ACUTE_CONDITIONS, ACUTE_RATE_PER_YEAR, RESPIRATORY_SEASON, type Condition } from './conditions.js';
import { ageBand } from './population.js';

/**
 * Everyday illness: how many episodes a person has in the period (by age)
 * and which conditions, on which days. Respiratory infections follow a mild
 * season; patients rarely come on a Sunday.
 */

const tables = new Map<string, WeightedTable<Condition>>();

function tableFor(band: number, sex: Sex): WeightedTable<Condition> {
  const key = `${band}|${sex}`;
  let table = tables.get(key);
  if (!table) {
    table = new WeightedTable(ACUTE_CONDITIONS, (c) => ((sex === 'female' && c.female) || c.weights)[band] ?? 0);
    tables.set(key, table);
  }
  return table;
}

export interface AcuteEpisode {
  condition: Condition;
  day: number;
}

const MAX_SEASON = Math.max(...RESPIRATORY_SEASON);

export function drawAcuteEpisodes(random: Random, age: number, sex: Sex, first: number, last: number): AcuteEpisode[] {
  if (last < first) return [];
  const years = (last - first + 1) / 365.25;
  const band = ageBand(Math.max(0, age));
  const count = random.poisson(ACUTE_RATE_PER_YEAR[band] * years);
  const episodes: AcuteEpisode[] = [];
  for (let n = 0; n < count; n++) {
    const condition = tableFor(band, sex).draw(random);
    let day = random.int(first, last);
    if (condition.icd10.startsWith('J')) {
      for (let tries = 0; tries < 10 && !random.chance(RESPIRATORY_SEASON[monthOf(day)]! / MAX_SEASON); tries++)
        day = random.int(first, last);
    }
    if (weekdayOf(day) === 0 && day < last && random.chance(0.8)) day += 1;
    episodes.push({ condition, day });
  }
  return episodes;
}
