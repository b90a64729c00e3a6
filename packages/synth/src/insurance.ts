import type { InsuranceCard } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { bhytNumber, BHYT_GROUPS, isGroupPlausibleForAge } from './identifiers.js';
import { addDays, addMonths, addYears, ageOn, endOfMonth, maxDate, startOfMonth } from './ymd.js';

/*
 * Who holds a BHYT card, in which group, valid when, and which cards they
 * held before. Coverage is about 93% of residents (near universal for
 * children and the old, lower among working-age adults who must buy their
 * own). Group shares by age are rough estimates: employees (DN) dominate
 * the working ages in this industrial province, then household members
 * (GD); pensioners (HT) and social-protection beneficiaries (BT, every
 * person over 80 without a pension) the old; ethnic minorities in rural
 * communes are covered as DT.
 */

type Weights = readonly (readonly [group: string, weight: number])[];

const BY_AGE: readonly { upTo: number; insured: number; groups: Weights }[] = [
  { upTo: 5, insured: 0.99, groups: [['TE', 1]] },
  {
    upTo: 17,
    insured: 0.98,
    groups: [
      ['HS', 85],
      ['HN', 5],
      ['CN', 3],
      ['BT', 2],
      ['GD', 5],
    ],
  },
  {
    upTo: 22,
    insured: 0.88,
    groups: [
      ['SV', 40],
      ['DN', 34],
      ['GD', 18],
      ['HN', 3],
      ['CN', 2],
      ['BT', 1],
      ['HC', 2],
    ],
  },
  {
    upTo: 44,
    insured: 0.91,
    groups: [
      ['DN', 52],
      ['HC', 7],
      ['GD', 31],
      ['HN', 4],
      ['CN', 2],
      ['BT', 2],
      ['CC', 1],
    ],
  },
  {
    upTo: 59,
    insured: 0.91,
    groups: [
      ['DN', 42],
      ['HC', 8],
      ['GD', 35],
      ['HN', 4],
      ['CN', 2],
      ['BT', 2],
      ['CC', 2],
      ['HT', 5],
    ],
  },
  {
    upTo: 68,
    insured: 0.96,
    groups: [
      ['HT', 35],
      ['GD', 36],
      ['DN', 8],
      ['CC', 7],
      ['HN', 5],
      ['CN', 3],
      ['BT', 6],
    ],
  },
  {
    upTo: 79,
    insured: 0.96,
    groups: [
      ['HT', 38],
      ['GD', 40],
      ['CC', 8],
      ['HN', 5],
      ['CN', 3],
      ['BT', 6],
    ],
  },
  {
    upTo: 200,
    insured: 0.98,
    groups: [
      ['BT', 50],
      ['HT', 28],
      ['CC', 12],
      ['GD', 10],
    ],
  },
];

const TABLES = BY_AGE.map((band) => ({ ...band, table: new WeightedTable(band.groups, ([, w]) => w) }));

/** Minority residents of rural communes covered as DT (a share of those not in a child's group). */
const DT_SHARE = 0.3;

/** Youngest age at which a group's card can start (the card never starts earlier). */
const MIN_AGE: Readonly<Record<string, number>> = { HS: 6, SV: 17, DN: 15, HC: 18, HT: 40, CC: 18 };

export interface Holder {
  birthDate: string;
  minority: boolean;
  rural: boolean;
}

export interface Coverage {
  card?: InsuranceCard;
  previousCards: InsuranceCard[];
}

function cardOf(
  group: string,
  validFrom: string,
  validTo: string,
  socialInsuranceNumber: string,
  registeredFacility: string,
): InsuranceCard {
  return {
    number: bhytNumber(group, socialInsuranceNumber),
    group,
    benefitLevel: BHYT_GROUPS[group]!.level,
    validFrom,
    validTo,
    registeredFacility,
  };
}

/**
 * The holder's card (if insured) valid around the period, and earlier cards
 * with the same social-insurance number under another group.
 */
export function drawCoverage(
  random: Random,
  holder: Holder,
  period: { from: string; to: string },
  socialInsuranceNumber: string,
  registeredFacility: string,
): Coverage {
  const age = ageOn(holder.birthDate, period.from);
  const band = TABLES.find((b) => age <= b.upTo) ?? TABLES[TABLES.length - 1]!;
  if (!random.chance(band.insured)) return { previousCards: [] };
  let group = band.table.draw(random)[0];
  if (holder.minority && holder.rural && age >= 6 && random.chance(DT_SHARE)) group = 'DT';

  let validFrom: string;
  let validTo: string;
  if (group === 'TE') {
    // One card from birth to the day before the sixth birthday.
    validFrom = holder.birthDate;
    validTo = addDays(addYears(holder.birthDate, 6), -1);
  } else {
    const drawn = startOfMonth(addMonths(period.from, -random.int(0, 23)));
    validFrom = maxDate(drawn, addYears(holder.birthDate, MIN_AGE[group] ?? 6));
    // A few cards lapse during the period (not renewed in time); most run past its end.
    validTo = random.chance(0.04)
      ? endOfMonth(addMonths(period.from, random.int(1, 10)))
      : endOfMonth(addMonths(period.to, random.int(0, 12)));
  }
  const current = cardOf(group, validFrom, validTo, socialInsuranceNumber, registeredFacility);

  const previousCards: InsuranceCard[] = [];
  const previousGroup = drawPreviousGroup(random, group, ageOn(holder.birthDate, validFrom));
  if (previousGroup === 'TE') {
    previousCards.push(
      cardOf(
        'TE',
        holder.birthDate,
        addDays(addYears(holder.birthDate, 6), -1),
        socialInsuranceNumber,
        registeredFacility,
      ),
    );
  } else if (previousGroup) {
    const to = addDays(validFrom, -1 - random.int(0, 120));
    const from = maxDate(
      startOfMonth(addMonths(to, -random.int(11, 35))),
      addYears(holder.birthDate, MIN_AGE[previousGroup] ?? 6),
    );
    if (
      from <= to &&
      isGroupPlausibleForAge(previousGroup, ageOn(holder.birthDate, from)) &&
      isGroupPlausibleForAge(previousGroup, ageOn(holder.birthDate, to))
    ) {
      previousCards.push(cardOf(previousGroup, from, to, socialInsuranceNumber, registeredFacility));
    }
  }
  return { card: current, previousCards };
}

/** The group of the card held before, if any: a pupil's TE, a young worker's HS, a retiree's DN… */
function drawPreviousGroup(random: Random, group: string, ageAtStart: number): string | undefined {
  const u = random.next();
  switch (group) {
    case 'HS':
      return u < 0.85 ? 'TE' : undefined;
    case 'SV':
    case 'DN':
    case 'HC':
    case 'GD':
      if (ageAtStart <= 20) return u < 0.6 ? 'HS' : undefined;
      if (group === 'GD') return u < 0.3 ? 'DN' : undefined;
      return u < 0.25 ? 'GD' : u < 0.3 ? 'HN' : undefined;
    case 'HT':
      return u < 0.5 ? 'DN' : u < 0.7 ? 'HC' : undefined;
    case 'BT':
      return ageAtStart >= 80 && u < 0.4 ? 'GD' : undefined;
    default:
      return undefined;
  }
}
