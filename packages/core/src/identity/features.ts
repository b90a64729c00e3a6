import type { BirthDate } from './birth-date.js';
import type { NameTokens } from './names.js';

/**
 * What matching compares of a patient record, extracted once when the record
 * is written (the server's mpi module builds it from a FHIR Patient).
 */
export interface MatchFeatures {
  names: NameTokens[];
  birthDate?: BirthDate;
  sex?: 'male' | 'female';
  /** Commune/ward codes of the record's addresses. */
  communes: string[];
  /** Phone numbers in national form (phone.ts). */
  phones: string[];
  /** The CCCD, only when its structure is valid and agrees with the record. */
  cccd?: string;
  /** The 10-digit social-insurance numbers of every BHYT card, current and old. */
  ssns: string[];
}
