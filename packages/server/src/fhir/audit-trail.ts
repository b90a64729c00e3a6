import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '@lienthong/core';
import { recordAudit, type AuditAction, type AuditEntry, type AuditOutcome } from '../audit/audit-log.js';
import { MAX_ENTITIES } from '../audit/combine.js';
import { patientsOf } from '../audit/patients-of.js';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from './context.js';
import { interactionOf } from './interaction.js';
import type { Queryable } from '../storage/types.js';
import { unitOfWork } from '../storage/unit-of-work.js';

/**
 * Runs one FHIR interaction and records its AuditEvent (docs/security/audit.md):
 * a write and its audit row commit in one transaction; a read's row is
 * written before its data leaves the server; a failure is recorded too,
 * outside the rolled-back transaction. Bundles are audited entry by entry;
 * a transaction bundle's entries are collected (`scope.audit`) and written
 * combined when it ends (bundle.ts).
 */
export async function runAudited(
  services: FhirServices,
  req: FhirRequest,
  scope: InteractionScope,
  run: (scope: InteractionScope) => Promise<FhirResponse>,
): Promise<FhirResponse> {
  const bundle = req.path.replace(/^\/+/, '') === '';
  try {
    if (bundle) return await run(scope);
    if (isWrite(req) && !scope.tx) {
      // Its writes and audit row usually go as one statement (unit-of-work.ts).
      return await unitOfWork(services.db, async (tx) => {
        const res = await run({ ...scope, tx });
        await recordAudit(tx, await successEntry(tx, req, res));
        return res;
      });
    }
    const res = await run(scope);
    const db = scope.tx ?? services.db;
    const entry = await successEntry(db, req, res);
    if (scope.audit) scope.audit.push(entry);
    else await recordAudit(db, entry);
    return res;
  } catch (err) {
    // Inside a transaction bundle the bundle records the failure once it has rolled back.
    if (!scope.tx) {
      await failureEntry(services.db, req, err)
        .then((entry) => recordAudit(services.db, entry))
        .catch(() => undefined);
    }
    throw err;
  }
}

function isWrite(req: FhirRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const path = req.path;
  return !path.endsWith('/_search') && !path.includes('$');
}

const ACTIONS: Record<string, AuditAction> = {
  create: 'C',
  read: 'R',
  vread: 'R',
  search: 'R',
  history: 'R',
  update: 'U',
  patch: 'U',
  delete: 'D',
};

async function successEntry(db: Queryable, req: FhirRequest, res: FhirResponse): Promise<AuditEntry> {
  const interaction = interactionOf(req.method, req.path);
  const resources = touched(res);
  const patients = new Set<string>();
  for (const r of resources) patientsOf(r, patients);
  const entities = resources.slice(0, MAX_ENTITIES).flatMap((r) => (r.id ? [`${r.resourceType}/${r.id}`] : []));
  return {
    action: ACTIONS[interaction] ?? 'E',
    subtype: subtypeOf(interaction, req),
    outcome: '0',
    caller: req.caller,
    ...(req.address ? { address: req.address } : {}),
    entities,
    patientIds: [...patients],
    ...(req.query.length ? { detail: `${req.path}?${new URLSearchParams(req.query).toString()}` } : {}),
    breakGlass: await usesBreakGlass(db, req, patients),
  };
}

async function failureEntry(db: Queryable, req: FhirRequest, err: unknown): Promise<AuditEntry> {
  const status = err instanceof FhirError ? err.status : 500;
  const outcome: AuditOutcome = status >= 500 ? '8' : '4';
  const interaction = interactionOf(req.method, req.path);
  const target = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})/.exec(req.path);
  return {
    action: ACTIONS[interaction] ?? 'E',
    subtype: subtypeOf(interaction, req),
    outcome,
    caller: req.caller,
    ...(req.address ? { address: req.address } : {}),
    entities: target ? [`${target[1]}/${target[2]}`] : [],
    patientIds: target ? await patientsOfTarget(db, target[1]!, target[2]!) : [],
    detail: `${status} ${req.method} ${req.path}${err instanceof FhirError ? `: ${err.message}` : ''}`.slice(0, 500),
  };
}

/**
 * Whose record a refused or failed request aimed at: the Patient itself, or
 * the patients of the stored resource it named — so a read that the
 * resident's restriction refused shows in their "who accessed my record".
 */
async function patientsOfTarget(db: Queryable, type: string, id: string): Promise<string[]> {
  if (type === 'Patient') return [id];
  const { rows } = await db.query<{ compartments: string[] | null }>(
    'SELECT compartments FROM resource WHERE resource_type = $1 AND id = $2',
    [type, id],
  );
  return rows[0]?.compartments ?? [];
}

function subtypeOf(interaction: string, req: FhirRequest): string {
  if (interaction === 'search') return 'search-type';
  if (interaction === 'history') {
    const depth = req.path.split('/').filter(Boolean).length;
    return depth === 1 ? 'history-system' : depth === 2 ? 'history-type' : 'history-instance';
  }
  if (interaction === 'bundle') return 'transaction';
  return interaction;
}

/** The resources a response carried or wrote. */
function touched(res: FhirResponse): Resource[] {
  const body = res.body as Resource | undefined;
  if (body?.resourceType === 'Bundle') {
    return (body.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  }
  if (body && body.resourceType !== 'OperationOutcome') return [body];
  return res.resource ? [res.resource as Resource] : [];
}

/** Whether this access reached a patient through the caller's open break-glass. */
async function usesBreakGlass(db: Queryable, req: FhirRequest, patients: Set<string>): Promise<boolean> {
  if (req.caller.kind !== 'user' || patients.size === 0) return false;
  if (req.caller.role !== 'clinician' && req.caller.role !== 'laboratory') return false;
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM break_glass WHERE user_id = $1 AND expires_at > now() AND patient_id = ANY($2::text[])`,
    [req.caller.id, [...patients]],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
