import { randomUUID } from 'node:crypto';
import type { Parameters } from '@medplum/fhirtypes';
import { badRequest, forbidden } from '@lienthong/core';
import { recordAudit } from '../../audit/audit-log.js';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from '../context.js';

export const MAX_BREAK_GLASS_MINUTES = 240;

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
  const caller = req.caller;
  if (caller.kind !== 'user' || (caller.role !== 'clinician' && caller.role !== 'laboratory')) {
    throw forbidden('Only a signed-in clinician may break the glass');
  }
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
  const expires = new Date(Date.now() + minutes * 60_000).toISOString();
  const run = async (tx: NonNullable<InteractionScope['tx']>): Promise<void> => {
    // The patient must exist (a 404 otherwise); visibility is what is being asked for.
    const { rows } = await tx.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted', [
      'Patient',
      patientId,
    ]);
    if (rows.length === 0) throw badRequest(`Patient/${patientId} is not known`);
    await tx.query(
      'INSERT INTO break_glass (id, user_id, patient_id, reason, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [randomUUID(), caller.id, patientId, reason, expires],
    );
    await recordAudit(tx, {
      action: 'E',
      subtype: 'break-glass',
      outcome: '0',
      caller,
      entities: [`Patient/${patientId}`],
      patientIds: [patientId],
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
        { name: 'patient', valueReference: { reference: `Patient/${patientId}` } },
        { name: 'expires', valueInstant: expires },
        { name: 'reason', valueString: reason },
      ],
    } satisfies Parameters,
  };
}
