import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Caller } from '../auth/caller.js';
import type { Db, Queryable } from '../storage/types.js';
import { groupCommitFor } from '../storage/group-commit.js';
import { deferOrRun } from '../storage/deferred.js';
import type { SqlParams } from '../storage/sql-params.js';

/** FHIR AuditEvent.action: Create, Read, Update, Delete, Execute. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';
/** FHIR AuditEvent.outcome: success, minor failure, serious failure, major failure. */
export type AuditOutcome = '0' | '4' | '8' | '12';

export interface AuditEntry {
  action: AuditAction;
  /** A FHIR restful-interaction code (read, search-type, create, …) or one of ours (login, break-glass). */
  subtype: string;
  outcome: AuditOutcome;
  caller?: Caller;
  /** What was touched: "Type/id" references. */
  entities: string[];
  /** Whose record was touched (the patients of those entities). */
  patientIds: string[];
  /** The query of a search, the reason of a break-glass, … */
  detail?: string;
  breakGlass?: boolean;
  /** The network address of the caller. */
  address?: string;
  /** For a failed sign-in: the username tried. */
  who?: string;
}

const RESTFUL = 'http://hl7.org/fhir/restful-interaction';
const OURS = 'http://fhir.lienthong.vn/CodeSystem/audit-subtype';
const REST_CODES = new Set([
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'history-type',
  'history-system',
  'create',
  'search-type',
  'search-system',
  'batch',
  'transaction',
  'operation',
]);

/**
 * Appends one AuditEvent. Called inside the transaction of the write it
 * records, or just before a read's data is returned, so no access goes
 * unrecorded. Rows are sealed into the hash chain afterwards (seal.ts).
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  const event = toAuditEvent(entry);
  const row: AuditRow = {
    recorded: event.recorded,
    content: JSON.stringify(event),
    action: entry.action,
    outcome: entry.outcome,
    agent: entry.caller?.id ?? entry.who ?? null,
    // Patient ids hold no comma (FHIR ids): joined, the arrays stay one-dimensional.
    patients: [...new Set(entry.patientIds)].join(','),
    breakGlass: entry.breakGlass ?? false,
  };
  // Outside a transaction (a read, a refusal, a sign-in) rows written at the same moment share one statement.
  if (isDb(db)) await groupCommitFor(db).write([[auditInsert, [row]]]);
  else await deferOrRun(db, auditInsert, row);
}

function isDb(q: Queryable): q is Db {
  return typeof (q as Partial<Db>).transaction === 'function';
}

interface AuditRow {
  recorded: string;
  content: string;
  action: string;
  outcome: string;
  agent: string | null;
  patients: string;
  breakGlass: boolean;
}

/**
 * One INSERT for any number of audit rows, in the order they were recorded.
 * The contents travel as one JSON array (each element's text is kept as
 * sent): as a text array the driver would escape every quote of every event
 * in JavaScript.
 */
function auditInsert(rows: AuditRow[], p: SqlParams): { ctes: string[]; name: string } {
  const col = <K extends keyof AuditRow>(k: K): string => p.add(rows.map((r) => r[k]));
  const contents = p.add(`[${rows.map((r) => r.content).join(',')}]`);
  return {
    ctes: [
      `audit_rows AS (INSERT INTO audit_event (recorded, content, action, outcome, agent_id, patient_ids, break_glass)
         SELECT recorded, content::text, action, outcome, agent_id, string_to_array(patients, ','), break_glass
           FROM ROWS FROM (unnest(${col('recorded')}::timestamptz[]), json_array_elements(${contents}::json),
                           unnest(${col('action')}::text[]), unnest(${col('outcome')}::text[]),
                           unnest(${col('agent')}::text[]), unnest(${col('patients')}::text[]),
                           unnest(${col('breakGlass')}::boolean[]))
             WITH ORDINALITY AS a(recorded, content, action, outcome, agent_id, patients, break_glass, n)
          ORDER BY n)`,
    ],
    name: 'lt_audit_insert_3',
  };
}

export function toAuditEvent(entry: AuditEntry): AuditEvent {
  const c = entry.caller;
  const who = c?.practitionerId
    ? { reference: `Practitioner/${c.practitionerId}` }
    : c?.patientId && c.role === 'resident'
      ? { reference: `Patient/${c.patientId}` }
      : { display: c?.id ?? entry.who ?? 'unknown' };
  return {
    resourceType: 'AuditEvent',
    id: randomUUID(),
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: REST_CODES.has(entry.subtype) ? RESTFUL : OURS, code: entry.subtype }],
    action: entry.action,
    recorded: new Date().toISOString(),
    outcome: entry.outcome,
    ...(entry.breakGlass
      ? {
          purposeOfEvent: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
                  code: 'BTG',
                  display: 'break the glass',
                },
              ],
            },
          ],
        }
      : {}),
    agent: [
      {
        who,
        ...(c ? { altId: c.id } : {}),
        requestor: true,
        ...(c ? { role: [{ text: c.role }] } : {}),
        ...(entry.address ? { network: { address: entry.address, type: '2' as const } } : {}),
      },
      ...(c && c.clientId !== c.id ? [{ who: { display: c.clientId }, requestor: false }] : []),
    ],
    source: { observer: { display: 'Liên Thông' } },
    entity: [
      ...entry.entities.map((e) => ({ what: { reference: e } })),
      ...(entry.detail ? [{ description: entry.detail.slice(0, 2000) }] : []),
    ],
  };
}
