import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { badRequest } from '@lienthong/core';
import type { FhirRequest } from '../../fhir/context.js';
import { ID_PATTERN } from '../../fhir/http-semantics.js';
import type { MembershipEvent } from './events.js';
import type { Review } from './reviews.js';

/** Reading the Parameters the patient-index operations take, and writing what they answer. */

export function params(req: FhirRequest, op: string): ParametersParameter[] {
  const body = req.body as Parameters | undefined;
  if (body?.resourceType !== 'Parameters') throw badRequest(`${op} takes a Parameters resource`);
  return body.parameter ?? [];
}

export function patientRef(list: ParametersParameter[], name: string, op: string): string {
  const ref = list.find((p) => p.name === name)?.valueReference?.reference ?? '';
  const m = /^(?:.*\/)?Patient\/([^/]+)$/.exec(ref);
  if (!m || !ID_PATTERN.test(m[1]!)) {
    throw badRequest(
      `${op} needs "${name}" as a reference to a Patient (Patient/{id})`,
      `Parameters.parameter[${name}]`,
    );
  }
  return m[1]!;
}

export function text(list: ParametersParameter[], name: string): string | undefined {
  const p = list.find((x) => x.name === name);
  const v = p?.valueString ?? p?.valueCode ?? p?.valueId;
  return v?.trim() || undefined;
}

/** Merging, splitting and undoing identities is a data steward's job (an administrator's, for now). */
export function eventParameters(e: MembershipEvent): Parameters {
  const moves = (name: string, list: MembershipEvent['before']): ParametersParameter[] =>
    list.map((m) => ({
      name,
      part: [
        { name: 'record', valueReference: { reference: `Patient/${m.patientId}` } },
        { name: 'master', valueReference: { reference: `Patient/${m.personId}` } },
        { name: 'linkKind', valueCode: m.linkKind },
      ],
    }));
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'event', valueId: e.id },
      { name: 'kind', valueCode: e.kind },
      { name: 'at', valueInstant: e.at },
      { name: 'actor', valueString: e.actor },
      ...(e.reason ? [{ name: 'reason', valueString: e.reason }] : []),
      ...moves('before', e.before),
      ...moves('after', e.after),
      ...(e.undoneBy ? [{ name: 'undoneBy', valueId: e.undoneBy }] : []),
    ],
  };
}

export function reviewParameter(r: Review): ParametersParameter {
  return {
    name: 'review',
    part: [
      { name: 'id', valueId: r.id },
      { name: 'status', valueCode: r.status },
      { name: 'patient', valueReference: { reference: `Patient/${r.patientId}` } },
      { name: 'candidate', valueReference: { reference: `Patient/${r.candidateId}` } },
      { name: 'weight', valueDecimal: Math.round(r.weight * 10) / 10 },
      ...(r.detail.conflict ? [{ name: 'conflict', valueString: r.detail.conflict.message }] : []),
      ...r.detail.fields.map((f) => ({
        name: 'field',
        part: [
          { name: 'name', valueCode: f.field },
          { name: 'level', valueCode: f.level },
          { name: 'weight', valueDecimal: Math.round(f.weight * 10) / 10 },
        ],
      })),
      { name: 'created', valueInstant: r.createdAt },
      ...(r.decidedAt ? [{ name: 'decided', valueInstant: r.decidedAt }] : []),
      ...(r.decidedBy ? [{ name: 'decidedBy', valueString: r.decidedBy }] : []),
      ...(r.reason ? [{ name: 'reason', valueString: r.reason }] : []),
    ],
  };
}
