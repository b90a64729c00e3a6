import type { Bundle, BundleEntry, Encounter, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { badRequest, forbidden } from '@lienthong/core';
import { checkXml130Visit, exportXml130, readXml130File, type Xml130Visit } from '@lienthong/xml130';
import type { FhirServices, Operation } from '../../fhir/context.js';
import { checkImporter } from './authorize.js';
import { importXml130File } from './import-file.js';
import type { ImportProblem, VisitImportResult } from './prepare-visit.js';
import { visitRecord } from './stored-visit.js';

/** An XML 130 file is sent as itself (parsed to bytes by the HTTP layer). */
const XML_TYPES = ['application/xml', 'text/xml'];

const STATUS_TEXT: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  422: 'Unprocessable Entity',
};

/** A checker problem as an OperationOutcome issue: rule as code, both languages, table[row].field as expression. */
function problemIssue(p: ImportProblem, severity: 'error' | 'warning'): OperationOutcomeIssue {
  return {
    severity,
    code: severity === 'error' ? 'invalid' : 'informational',
    details: { coding: [{ code: p.rule }], text: `${p.message.vi} · ${p.message.en}` },
    expression: [[p.table, p.row !== undefined ? `[${p.row}]` : '', p.field ? `.${p.field}` : ''].join('')].filter(
      Boolean,
    ),
  };
}

/** One visit's check as a batch-response entry: 200 when it has no error, 422 otherwise; every problem an issue. */
function checkEntry(visit: Xml130Visit): BundleEntry {
  const problems = [...visit.problems, ...checkXml130Visit(visit)];
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    response: {
      status: errors > 0 ? '422 Unprocessable Entity' : '200 OK',
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'information',
            code: 'informational',
            details: {
              text: `HOSO ${visit.index} MA_LK ${visit.maLk || '(none)'}: ${errors} error(s), ${problems.length - errors} warning(s)`,
            },
          },
          ...problems.map((p) => problemIssue(p, p.severity === 'error' ? 'error' : 'warning')),
        ],
      },
    },
  };
}

/**
 * One visit's result as a batch-response entry: its Encounter, and an OperationOutcome whose first issue
 * counts what was written, left unchanged and removed (only when an amended file dropped rows), then one per problem.
 */
function entryOf(result: VisitImportResult): BundleEntry {
  const status =
    result.status === 'failed'
      ? `${result.httpStatus ?? 422} ${STATUS_TEXT[result.httpStatus ?? 422] ?? 'Error'}`
      : result.status === 'imported'
        ? '200 OK'
        : '304 Not Modified';
  const issues = [
    {
      severity: 'information' as const,
      code: 'informational' as const,
      details: {
        text: `HOSO ${result.index} MA_LK ${result.maLk || '(none)'}: ${result.status}, ${result.written} written, ${result.unchanged} unchanged${result.removed ? `, ${result.removed} removed` : ''}`,
      },
    },
    ...result.problems.map((p) => problemIssue(p, 'error')),
  ];
  return {
    ...(result.encounter ? { fullUrl: result.encounter } : {}),
    response: {
      status,
      ...(result.encounter && result.status !== 'failed' ? { location: result.encounter } : {}),
      outcome: { resourceType: 'OperationOutcome', issue: issues },
    },
  };
}

/** The raw body of the operation: XML text or bytes (application/xml), or a Binary holding them. */
function fileBytes(body: unknown): Uint8Array | string {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  const binary = body as { resourceType?: string; data?: string } | undefined;
  if (binary?.resourceType === 'Binary' && typeof binary.data === 'string') return Buffer.from(binary.data, 'base64');
  throw badRequest(
    '$import-xml130 takes an XML 130 file as the body (Content-Type application/xml), or a Binary holding it',
  );
}

/**
 * Bundle/$import-xml130: the body is one XML 130 file; the answer a
 * batch-response Bundle with one entry per visit (HOSO) — 200 imported,
 * 304 unchanged, 422 refused by the checker or the store, 403 another
 * facility's visit. A facility system importing another facility's file is
 * refused whole (403) before anything is read further.
 */
export function xml130Operations(maxBytes: () => number): Operation[] {
  return [
    {
      type: 'Bundle',
      name: '$import-xml130',
      level: 'type',
      method: 'POST',
      definition: 'http://fhir.lienthong.vn/OperationDefinition/import-xml130',
      accepts: XML_TYPES,
      async run(services: FhirServices, _scope, req) {
        const bytes = fileBytes(req.body);
        const head = readXml130File(bytes, { maxBytes: maxBytes() });
        if (head.facilityCode) await checkImporter(services.db, req.caller, head.facilityCode);
        else if (req.caller.role !== 'administrator' && req.caller.role !== 'facility-system') {
          throw forbidden('Only a facility system (for its own files) or an administrator imports XML 130 files');
        }
        const result = await importXml130File(services, req.caller, bytes, { maxBytes: maxBytes() });
        if (result.problems.some((p) => p.severity === 'error')) {
          throw badRequest(result.problems.map((p) => `${p.message.vi} · ${p.message.en}`).join('; '));
        }
        const body: Bundle = { resourceType: 'Bundle', type: 'batch-response', entry: result.visits.map(entryOf) };
        return { status: 200, headers: {}, body };
      },
    },
    {
      type: 'Bundle',
      name: '$check-xml130',
      level: 'type',
      method: 'POST',
      definition: 'http://fhir.lienthong.vn/OperationDefinition/check-xml130',
      accepts: XML_TYPES,
      // Checks a file without importing it or reading any record: the same report as `lienthong xml130 check`.
      async run(_services, _scope, req) {
        if (req.caller.role !== 'administrator' && req.caller.role !== 'facility-system') {
          throw forbidden('Only a facility system or an administrator checks XML 130 files');
        }
        const file = readXml130File(fileBytes(req.body), { maxBytes: maxBytes() });
        const fileErrors = file.problems.filter((p) => p.severity === 'error');
        if (fileErrors.length > 0)
          throw badRequest(fileErrors.map((p) => `${p.message.vi} · ${p.message.en}`).join('; '));
        const body: Bundle = {
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: [...file.visits()].map(checkEntry),
        };
        return { status: 200, headers: {}, body };
      },
    },
    {
      type: 'Encounter',
      name: '$export-xml130',
      level: 'instance',
      method: 'GET',
      definition: 'http://fhir.lienthong.vn/OperationDefinition/export-xml130',
      // The visit's XML 130 file (envelope + XML1–XML5) from the record, as a Binary.
      async run(services, scope, _req, id) {
        const db = scope.tx ?? services.db;
        const encounter = (await services.store.read('Encounter', id!, db, false, scope.policy)) as Encounter;
        const shape = (r: Resource): Resource => (scope.policy ? scope.policy.shape(r) : r);
        const all = (await visitRecord(db, encounter, scope.policy)).map(shape);
        const xml = exportXml130(shape(encounter) as Encounter, all);
        const body = {
          resourceType: 'Binary',
          contentType: 'application/xml',
          data: Buffer.from(xml, 'utf8').toString('base64'),
        };
        return { status: 200, headers: {}, body };
      },
    },
  ];
}
