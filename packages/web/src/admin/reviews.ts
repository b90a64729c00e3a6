import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import type { MessageKey } from '../i18n/vi';

/** A possible duplicate waiting for a data steward (`GET Patient/$mpi-reviews`, docs/integrators/mpi.md). */
export interface ReviewItem {
  id: string;
  patientId: string;
  candidateId: string;
  weight: number;
  conflict?: string;
  fields: { name: string; level: string; weight: number }[];
  created?: string;
}

const part = (p: ParametersParameter, name: string) => p.part?.find((x) => x.name === name);
const patientId = (p: ParametersParameter | undefined) =>
  /Patient\/([^/]+)$/.exec(p?.valueReference?.reference ?? '')?.[1] ?? '';

export function parseReviews(body: Parameters): { total: number; items: ReviewItem[] } {
  const list = body.parameter ?? [];
  const total = list.find((p) => p.name === 'total')?.valueInteger ?? 0;
  const items = list
    .filter((p) => p.name === 'review')
    .map((p) => {
      const conflict = part(p, 'conflict')?.valueString;
      const created = part(p, 'created')?.valueInstant;
      return {
        id: part(p, 'id')?.valueId ?? '',
        patientId: patientId(part(p, 'patient')),
        candidateId: patientId(part(p, 'candidate')),
        weight: part(p, 'weight')?.valueDecimal ?? 0,
        ...(conflict ? { conflict } : {}),
        ...(created ? { created } : {}),
        fields: (p.part ?? [])
          .filter((f) => f.name === 'field')
          .map((f) => ({
            name: part(f, 'name')?.valueCode ?? '',
            level: part(f, 'level')?.valueCode ?? '',
            weight: part(f, 'weight')?.valueDecimal ?? 0,
          })),
      };
    });
  return { total, items };
}

/** The event a steward's operation answers with: its id, for undoing it. */
export function eventId(body: Parameters): string | undefined {
  return body.parameter?.find((p) => p.name === 'event')?.valueId;
}

export const FIELD: Record<string, MessageKey> = {
  cccd: 'id.cccd',
  ssn: 'review.field.ssn',
  name: 'admin.name',
  birthDate: 'admin.birth',
  sex: 'admin.gender',
  commune: 'review.field.commune',
  phone: 'admin.phone',
};

const LEVEL: Record<string, MessageKey> = {
  agree: 'review.level.agree',
  exact: 'review.level.agree',
  disagree: 'review.level.different',
  different: 'review.level.different',
  folded: 'review.level.folded',
  middle: 'review.level.middle',
  typo: 'review.level.typo',
  reordered: 'review.level.reordered',
  'given-only': 'review.level.givenOnly',
  swapped: 'review.level.swapped',
  partial: 'review.level.partial',
  near: 'review.level.near',
};

export function levelKey(level: string): MessageKey | undefined {
  return LEVEL[level];
}

/** Parameters for a POST operation, from names and strings. */
export function parameters(values: Record<string, string>): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: Object.entries(values).map(([name, value]) => ({ name, valueString: value })),
  };
}
