import type { Commune, Facility, Province, Resident } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { drawBirthDate } from './population.js';
import { drawName } from './names.js';
import { cccdOf, drawBirthProvince, drawPhone, keyOf, socialInsuranceNumber } from './identifiers.js';
import { drawCoverage } from './insurance.js';
import { drawEthnicFamilyName, drawEthnicity, KINH } from './ethnicity.js';
import { drawAddressLine } from './addresses.js';
import { isFormerBinhPhuoc } from './places.js';
import { ageOn } from './ymd.js';

/*
 * One resident of the province, drawn from the resident's own stream. The
 * Patient id is the stream's first draw, so it stays the same whatever
 * else changes in how people are drawn.
 */

/** What every resident's draw needs from the province, computed once per province. */
interface Context {
  communes: WeightedTable<Commune>;
  communeByCode: ReadonlyMap<string, Commune>;
  stationOf: ReadonlyMap<string, Facility>;
  /** General hospitals (public and private) of each former province, by size. */
  hospitals: { bp: WeightedTable<Facility>; dn: WeightedTable<Facility> };
  key: number;
}

const contexts = new WeakMap<Province, Context>();

function contextOf(province: Province): Context {
  let context = contexts.get(province);
  if (context) return context;
  const stationOf = new Map<string, Facility>();
  for (const f of province.facilities) if (f.kind === 'health-station') stationOf.set(f.communeCode, f);
  const general = (bp: boolean): WeightedTable<Facility> => {
    const list = province.facilities.filter(
      (f) =>
        (f.kind === 'provincial-general' || f.kind === 'regional-general' || f.kind === 'private-hospital') &&
        isFormerBinhPhuoc(f.communeCode) === bp,
    );
    const fallback = province.facilities.filter((f) => f.kind === 'provincial-general');
    return new WeightedTable(list.length > 0 ? list : fallback, (f) => f.size);
  };
  context = {
    communes: new WeightedTable(province.communes, (c) => c.weight),
    communeByCode: province.communeByCode,
    stationOf,
    hospitals: { bp: general(true), dn: general(false) },
    key: keyOf(province.seed),
  };
  contexts.set(province, context);
  return context;
}

/**
 * The facility where the resident registered for primary care (MA_DKBD):
 * mostly the health station of the home commune, sometimes the medical
 * centre it belongs to, sometimes a general hospital of the same former
 * province.
 */
function drawPrimaryCare(random: Random, context: Context, commune: Commune): string {
  const station = context.stationOf.get(commune.code);
  if (!station) throw new Error(`no health station in commune ${commune.code}`);
  const u = random.next();
  if (u < 0.75) return station.code;
  if (u < 0.9 && station.partOf) return station.partOf;
  return context.hospitals[isFormerBinhPhuoc(commune.code) ? 'bp' : 'dn'].draw(random).code;
}

/** Resident `index` of the province, drawn from `random` (the resident's own stream). */
export function drawResident(province: Province, random: Random, index: number): Resident {
  const context = contextOf(province);
  const id = random.uuid();
  const { birthDate, sex } = drawBirthDate(random, province.period.from);
  const commune = context.communes.draw(random);
  const formerBinhPhuoc = isFormerBinhPhuoc(commune.code);
  const ethnicity = drawEthnicity(random, commune);
  const name = drawName(random, sex);
  const family = drawEthnicFamilyName(random, ethnicity);
  if (family) name.family = family;
  const line = drawAddressLine(random, commune);
  const cccd = cccdOf(drawBirthProvince(random, formerBinhPhuoc), birthDate, sex, index, context.key);
  const primaryCare = drawPrimaryCare(random, context, commune);
  const { card, previousCards } = drawCoverage(
    random,
    { birthDate, minority: ethnicity !== KINH, rural: commune.kind === 'commune' },
    province.period,
    socialInsuranceNumber(index, context.key, formerBinhPhuoc),
    primaryCare,
  );
  const age = ageOn(birthDate, province.period.from);
  // Adults their own; children the number of a parent, as registration desks record it.
  const phoneShare = age >= 70 ? 0.7 : age >= 15 ? 0.92 : 0.75;
  const phone = random.chance(phoneShare) ? drawPhone(random) : undefined;
  return {
    index,
    id,
    name,
    sex,
    birthDate,
    cccd,
    ...(card ? { card } : {}),
    previousCards,
    ...(phone ? { phone } : {}),
    address: { communeCode: commune.code, line },
    ethnicity,
    primaryCare,
  };
}
