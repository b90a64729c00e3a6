import { SID } from '@lienthong/core';
import type { Caller } from '../auth/caller.js';
import type { WriteHook } from '../fhir/store.js';
import { deferOrRun, statementOf } from '../storage/deferred.js';
import type { SqlParams } from '../storage/sql-params.js';
import type { Queryable } from '../storage/types.js';

/** A problem of a refused visit as the board keeps it: no field value (it may be personal data). */
export interface FeedProblem {
  rule: string;
  table?: string;
  row?: number;
  field?: string;
  message: { vi: string; en: string };
}

export interface FeedEntry {
  facilityCode: string;
  organizationId?: string;
  source: 'xml130' | 'fhir';
  maLk: string;
  outcome: 'imported' | 'unchanged' | 'failed';
  problems: FeedProblem[];
  /** Resources the visit's import deleted because an amended file no longer had their rows (0 when none). */
  removed: number;
  submittedBy?: string;
}

/** What the XML 130 import says of one visit (modules/xml130 VisitImportResult, structurally). */
export interface ImportedVisit {
  maLk: string;
  facility: string;
  status: 'imported' | 'unchanged' | 'failed';
  /** Absent when nothing was removed. */
  removed?: number;
  problems: { rule: string; table?: string; row?: number; field?: string; message: { vi: string; en: string } }[];
}

/** Enough to see why a visit failed; a file of broken visits must not fill the table. */
const MAX_PROBLEMS = 20;
const FLUSH_EVERY = 100;

/** One INSERT for any number of feed rows. */
function feedInsert(entries: FeedEntry[], p: SqlParams): { ctes: string[]; name: string } {
  const col = <T>(f: (e: FeedEntry) => T): string => p.add(entries.map(f));
  return {
    ctes: [
      `feed_rows AS (INSERT INTO feed_log (facility_code, organization_id, source, ma_lk, outcome, problems, removed, submitted_by)
         SELECT code, org, source, ma_lk, outcome, problems::jsonb, removed, who
           FROM unnest(${col((e) => e.facilityCode)}::text[], ${col((e) => e.organizationId ?? null)}::text[],
                       ${col((e) => e.source)}::text[], ${col((e) => e.maLk)}::text[], ${col((e) => e.outcome)}::text[],
                       ${col((e) => JSON.stringify(e.problems))}::text[], ${col((e) => e.removed)}::int[],
                       ${col((e) => e.submittedBy ?? null)}::text[])
             AS f(code, org, source, ma_lk, outcome, problems, removed, who))`,
    ],
    name: 'lt_feed_insert_2',
  };
}

export async function recordFeed(db: Queryable, entries: FeedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const { sql, params, name } = statementOf(feedInsert, entries);
  await db.query(sql, params, name);
}

/**
 * Records the outcome of every visit of an XML 130 import on the feed
 * board, a hundred rows per INSERT (the import itself writes dozens of rows
 * per visit, so this costs it next to nothing). The facility is the
 * importing facility system's Organization, else the Organization holding
 * the visit's MA_CSKCB.
 */
export class Xml130FeedRecorder {
  private pending: FeedEntry[] = [];
  private readonly organizations = new Map<string, string | undefined>();

  constructor(
    private readonly db: Queryable,
    private readonly caller: Caller,
  ) {}

  async add(visit: ImportedVisit): Promise<void> {
    this.pending.push({
      facilityCode: visit.facility,
      ...(await this.organizationOf(visit.facility)),
      source: 'xml130',
      maLk: visit.maLk,
      outcome: visit.status,
      problems: visit.problems.slice(0, MAX_PROBLEMS).map(({ rule, table, row, field, message }) => ({
        rule,
        ...(table ? { table } : {}),
        ...(row !== undefined ? { row } : {}),
        ...(field ? { field } : {}),
        message,
      })),
      removed: visit.removed ?? 0,
      submittedBy: this.caller.clientId,
    });
    if (this.pending.length >= FLUSH_EVERY) await this.flush();
  }

  /** A whole file refused before any visit was read (unreadable, too large, wrong facility). */
  async addFile(
    facilityCode: string,
    problems: { rule: string; message: { vi: string; en: string } }[],
  ): Promise<void> {
    this.pending.push({
      facilityCode,
      ...(await this.organizationOf(facilityCode)),
      source: 'xml130',
      maLk: '',
      outcome: 'failed',
      problems: problems.slice(0, MAX_PROBLEMS).map(({ rule, message }) => ({ rule, message })),
      removed: 0,
      submittedBy: this.caller.clientId,
    });
  }

  async flush(): Promise<void> {
    const entries = this.pending;
    this.pending = [];
    await recordFeed(this.db, entries);
  }

  private async organizationOf(code: string): Promise<{ organizationId?: string }> {
    if (this.caller.role === 'facility-system' && this.caller.organizationId) {
      // The import checked that the file is this facility's own (xml130/authorize.ts).
      return { organizationId: this.caller.organizationId };
    }
    if (!this.organizations.has(code)) {
      const { rows } = await this.db.query<{ id: string }>(
        `SELECT id FROM sp_token WHERE resource_type = 'Organization' AND code = 'identifier'
            AND system = $1 AND value = $2 ORDER BY id LIMIT 1`,
        [SID.maCskcb, code],
      );
      this.organizations.set(code, rows[0]?.id);
    }
    const id = this.organizations.get(code);
    return id ? { organizationId: id } : {};
  }
}

/**
 * The transactions that write XML 130 visits: their Encounters are counted
 * by the import, not again by the hook. Marked on the transaction rather than
 * held in an AsyncLocalStorage, which would make every promise of the
 * process pay for async hooks from the first import on.
 */
const xml130Transactions = new WeakSet<Queryable>();

export function markXml130Import(tx: Queryable): void {
  xml130Transactions.add(tx);
}

/**
 * Counts an Encounter created through the FHIR API by a facility (its
 * system or its staff: the write is attributed to their facility) as a
 * visit received on the feed board. Loads by the server itself (the demo,
 * the CLI) are attributed to no facility and are not counted.
 */
export const feedWriteHook: WriteHook = async (tx, result, request) => {
  if (result.resource.resourceType !== 'Encounter' || !result.created) return;
  const org = request.policy?.authorOrg;
  if (!org || xml130Transactions.has(tx)) return;
  const encounter = result.resource;
  const code = encounter.serviceProvider?.identifier?.value ?? '';
  const maLk = encounter.identifier?.find((i) => i.system?.startsWith(SID.maLk('')))?.value ?? '';
  await deferOrRun(tx, feedInsert, {
    facilityCode: code,
    organizationId: org,
    source: 'fhir',
    maLk,
    outcome: 'imported',
    problems: [],
    // An Encounter created through the API removes nothing.
    removed: 0,
  });
};
