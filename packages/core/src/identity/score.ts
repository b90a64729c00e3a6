import { compareBirthDates } from './birth-date.js';
import type { MatchFeatures } from './features.js';
import { bestNameAgreement } from './names.js';
import {
  BIRTH_DATE_MU as BIRTH_DATE,
  CCCD_MU as CCCD,
  COMMUNE_MU as COMMUNE,
  NAME_MU as NAME,
  PHONE_MU as PHONE,
  SEX_MU as SEX,
  SSN_MU as SSN,
  weightOf,
  type Agreement,
  type Level,
} from './weights.js';

export type MatchField = 'cccd' | 'ssn' | 'name' | 'birthDate' | 'sex' | 'commune' | 'phone';

export interface FieldComparison {
  field: MatchField;
  level: string;
  weight: number;
}

export interface PairScore {
  /** Sum of the field weights (log2 likelihood ratio). */
  weight: number;
  fields: FieldComparison[];
  /**
   * Why this pair must not be linked automatically whatever its weight:
   * two valid but different identifiers or clearly different names cap the
   * outcome at review; an identifier shared by clearly different people
   * always goes to a data steward, whatever the weight.
   */
  conflict?: Conflict;
}

export interface Conflict {
  kind: 'shared-identifier' | 'different-identifiers' | 'different-names';
  message: string;
}

export type MatchOutcome = 'link' | 'review' | 'new';

export interface Thresholds {
  /** At or above: the same person, linked automatically. */
  link: number;
  /** At or above (and below link): a possible match, queued for review. */
  review: number;
}

/**
 * Defaults measured on the synthetic province (docs/integrators/mpi.md):
 * an automatic link needs an identifier, or name, birth date, commune and
 * phone together; name and birth date alone are only a review.
 */
export const DEFAULT_THRESHOLDS: Thresholds = { link: 30, review: 14 };

function overlap(a: readonly string[], b: readonly string[]): Agreement | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  return a.some((x) => b.includes(x)) ? 'agree' : 'disagree';
}

export function scorePair(a: MatchFeatures, b: MatchFeatures): PairScore {
  const fields: FieldComparison[] = [];
  const add = (field: MatchField, level: string | undefined, table: Readonly<Record<string, Level>>): void => {
    if (level !== undefined) fields.push({ field, level, weight: weightOf(table[level]!) });
  };
  const cccd = a.cccd && b.cccd ? (a.cccd === b.cccd ? 'agree' : 'disagree') : undefined;
  const ssn = overlap(a.ssns, b.ssns);
  const name = bestNameAgreement(a.names, b.names);
  const birth = a.birthDate && b.birthDate ? compareBirthDates(a.birthDate, b.birthDate) : undefined;
  add('cccd', cccd, CCCD);
  add('ssn', ssn, SSN);
  add('name', name, NAME);
  add('birthDate', birth, BIRTH_DATE);
  add('sex', a.sex && b.sex ? (a.sex === b.sex ? 'agree' : 'disagree') : undefined, SEX);
  add('commune', overlap(a.communes, b.communes), COMMUNE);
  add('phone', overlap(a.phones, b.phones), PHONE);
  const weight = fields.reduce((sum, f) => sum + f.weight, 0);
  const conflict = conflictOf(cccd, ssn, name, birth);
  return { weight, fields, ...(conflict ? { conflict } : {}) };
}

function conflictOf(
  cccd: Agreement | undefined,
  ssn: Agreement | undefined,
  name: string | undefined,
  birth: string | undefined,
): Conflict | undefined {
  if (cccd === 'disagree') return { kind: 'different-identifiers', message: 'two different valid CCCD numbers' };
  const sharedId = cccd === 'agree' ? 'CCCD' : ssn === 'agree' ? 'social-insurance number' : undefined;
  if (sharedId && (name === 'different' || birth === 'different')) {
    const what = name === 'different' ? 'names' : 'birth dates';
    return { kind: 'shared-identifier', message: `the same ${sharedId} on records whose ${what} differ` };
  }
  if (ssn === 'disagree' && cccd !== 'agree') {
    return { kind: 'different-identifiers', message: 'two different social-insurance numbers' };
  }
  if (!sharedId && name === 'different') return { kind: 'different-names', message: 'different names' };
  return undefined;
}

/**
 * link / review / new for a pair. A conflict caps the outcome at review; an
 * identifier shared by different-looking people is always reviewed, since
 * either a record was registered under someone else's number or the desk typed it.
 */
export function decide(score: PairScore, thresholds: Thresholds = DEFAULT_THRESHOLDS): MatchOutcome {
  if (score.conflict?.kind === 'shared-identifier') return 'review';
  if (score.weight >= thresholds.link) return score.conflict ? 'review' : 'link';
  return score.weight >= thresholds.review ? 'review' : 'new';
}
