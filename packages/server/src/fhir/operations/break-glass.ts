import { randomUUID } from 'node:crypto';
import type { Parameters } from '@medplum/fhirtypes';
import { badRequest, forbidden, notFound } from '@lienthong/core';
import { recordAudit } from '../../audit/audit-log.js';
import type { Caller } from '../../auth/caller.js';
import type { Queryable } from '../../storage/types.js';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from '../context.js';

export const MAX_BREAK_GLASS_MINUTES = 240;
/** More records than one person plausibly has: an identifier shared this widely is not one person's. */
const MAX_RECORDS = 20;

/**
 * POST Patient/{id}/$break-glass (Parameters: reason, minutes): opens one
 * patient's record to one clinician without a care relationship, for a
 * limited time, overriding the patient's sharing restriction. The opening is
 * audited with purpose "break the glass" for administrators to review.
 */
export async function breakGlass(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  patientId: string,
): Promise<FhirResponse> {
  const caller = clinicianOf(req);
  const { params, reason, minutes } = readRequest(req);
  if (params.parameter?.some((p) => p.name === 'identifier')) {
    throw badRequest(
      'identifier is for Patient/$break-glass, without a patient id',
      'Parameters.parameter[identifier]',
    );
  }
  return open(services, scope, caller, reason, minutes, async (tx) => {
    // The patient must exist; visibility is what is being asked for.
    const { rows } = await tx.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted', [
      'Patient',
      patientId,
    ]);
    if (rows.length === 0) throw badRequest(`Patient/${patientId} is not known`);
    return [patientId];
  });
}

/**
 * POST Patient/$break-glass (Parameters: identifier "system|value", reason,
 * minutes): the same, for a patient the clinician cannot find — a search
 * leaves out every record their facility does not care for, so in an
 * emergency they have no id to open, only the citizen ID or insurance card
 * in front of them. Only an exact identifier with its system is taken (no
 * names: nothing to browse with), and it opens every record holding it and
 * every record the patient index links to those (one person, one record).
 */
export async function breakGlassByIdentifier(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
): Promise<FhirResponse> {
  const caller = clinicianOf(req);
  const { params, reason, minutes } = readRequest(req);
  const given = params.parameter?.find((p) => p.name === 'identifier');
  const text =
    given?.valueString ??
    (given?.valueIdentifier ? `${given.valueIdentifier.system ?? ''}|${given.valueIdentifier.value ?? ''}` : '');
  const bar = text.indexOf('|');
  const system = bar > 0 ? text.slice(0, bar).trim() : '';
  const value = bar > 0 ? text.slice(bar + 1).trim() : '';
  if (!system || !value) {
    throw badRequest(
      'identifier: "system|value", e.g. http://fhir.lienthong.vn/sid/cccd|075190123456',
      'Parameters.parameter[identifier]',
    );
  }
  return open(services, scope, caller, reason, minutes, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT DISTINCT t.id FROM sp_token t
         JOIN resource r ON r.resource_type = 'Patient' AND r.id = t.id AND NOT r.deleted
        WHERE t.resource_type = 'Patient' AND t.code = 'identifier' AND t.system = $1 AND t.value = $2
        LIMIT ${MAX_RECORDS + 1}`,
      [system, value],
    );
    const ids = new Set(rows.map((r) => r.id));
    for (const id of [...ids]) for (const mate of (await services.recordsOf?.(tx, id)) ?? []) ids.add(mate);
    if (ids.size === 0) throw notFound('No patient holds this identifier · Không có người bệnh nào mang số này');
    if (ids.size > MAX_RECORDS) {
      throw badRequest(`More than ${MAX_RECORDS} records hold this identifier; open them one by one`);
    }
    return [...ids].sort();
  });
}

function clinicianOf(req: FhirRequest): Caller {
  const caller = req.caller;
  if (caller.kind !== 'user' || (caller.role !== 'clinician' && caller.role !== 'laboratory')) {
    throw forbidden('Only a signed-in clinician may break the glass');
  }
  return caller;
}

function readRequest(req: FhirRequest): { params: Parameters; reason: string; minutes: number } {
  const params = (req.body ?? {}) as Parameters;
  if (params.resourceType !== 'Parameters') throw badRequest('$break-glass takes a Parameters resource');
  const reason = params.parameter?.find((p) => p.name === 'reason')?.valueString?.trim() ?? '';
  if (reason.length < 10) {
    throw badRequest(
      'State the reason (at least 10 characters) · Nêu lý do (ít nhất 10 ký tự)',
      'Parameters.parameter[reason]',
    );
  }
  const minutes = params.parameter?.find((p) => p.name === 'minutes')?.valueInteger ?? 60;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_BREAK_GLASS_MINUTES) {
    throw badRequest(`minutes must be 1 to ${MAX_BREAK_GLASS_MINUTES}`, 'Parameters.parameter[minutes]');
  }
  return { params, reason, minutes };
}

/** Opens the patients `find` names, audited, in one transaction; answers which and until when. */
async function open(
  services: FhirServices,
  scope: InteractionScope,
  caller: Caller,
  reason: string,
  minutes: number,
  find: (tx: Queryable) => Promise<string[]>,
): Promise<FhirResponse> {
  const expires = new Date(Date.now() + minutes * 60_000).toISOString();
  let patientIds: string[] = [];
  const run = async (tx: NonNullable<InteractionScope['tx']>): Promise<void> => {
    patientIds = await find(tx);
    for (const patientId of patientIds) {
      await tx.query(
        'INSERT INTO break_glass (id, user_id, patient_id, reason, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [randomUUID(), caller.id, patientId, reason, expires],
      );
    }
    await recordAudit(tx, {
      action: 'E',
      subtype: 'break-glass',
      outcome: '0',
      caller,
      entities: patientIds.map((id) => `Patient/${id}`),
      patientIds,
      detail: `Break-glass until ${expires}: ${reason}`,
      breakGlass: true,
    });
  };
  if (scope.tx) await run(scope.tx);
  else await services.db.transaction(run);
  return {
    status: 200,
    headers: {},
    body: {
      resourceType: 'Parameters',
      parameter: [
        ...patientIds.map((id) => ({ name: 'patient', valueReference: { reference: `Patient/${id}` } })),
        { name: 'expires', valueInstant: expires },
        { name: 'reason', valueString: reason },
      ],
    } satisfies Parameters,
  };
}
