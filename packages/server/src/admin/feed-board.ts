import type { Organization } from '@medplum/fhirtypes';
import { SID } from '@lienthong/core';
import type { Queryable } from '../storage/types.js';
import type { FeedProblem } from './feed-log.js';
import { invalid } from './errors.js';

/** How far back "visits received" and error counts look. */
export const WINDOW_DAYS = 7;
/** Latest errors shown per facility. */
const LATEST_ERRORS = 3;

export type FeedStatus = 'ok' | 'errors' | 'silent';

export interface FeedFacility {
  /** The Organization id, or "code:<MA_CSKCB>" for a code no Organization holds. */
  key: string;
  organizationId?: string;
  code?: string;
  name?: string;
  type?: string;
  /** Its facility-system clients (client id, disabled). */
  clients: { clientId: string; disabled: boolean }[];
  lastSubmission?: string;
  /** Visits received in the last WINDOW_DAYS days, by outcome. */
  received: number;
  imported: number;
  unchanged: number;
  failed: number;
  /** Resources deleted in the same days because amended XML 130 files dropped the rows that made them. */
  removed: number;
  status: FeedStatus;
  latestErrors: { maLk: string; receivedAt: string; source: string; problems: FeedProblem[] }[];
}

export interface FeedBoard {
  windowDays: number;
  generatedAt: string;
  /** Over every facility on the board, before filtering. */
  summary: { facilities: number; silent: number; withErrors: number; received: number; failed: number };
  total: number;
  facilities: FeedFacility[];
}

export interface FeedFilter {
  /** Part of the name (with or without diacritics), the code or the id. */
  q?: string;
  status?: FeedStatus | 'all';
  /** Also show this Organization, even with no client and no submission. */
  organization?: string;
  limit: number;
  offset: number;
}

interface StatRow {
  key: string;
  last_at: Date | string | null;
  received: string | number;
  imported: string | number;
  unchanged: string | number;
  failed: string | number;
  removed: string | number;
}

/**
 * The data-feed board: every facility that has a facility-system client or
 * has ever submitted (a province has some 4,000 pharmacies: those that never
 * connected stay off the board unless asked for by `organization`), with its
 * last submission, visits received in the last 7 days and the latest errors.
 * Facilities with errors come first, then those silent for 7 days.
 */
export async function feedBoard(db: Queryable, filter: FeedFilter): Promise<FeedBoard> {
  if (filter.status && !['all', 'ok', 'errors', 'silent'].includes(filter.status))
    throw invalid('status: all, ok, errors or silent', 'status');
  // Every query below walks feed_log_facility_recent (migrations 0007, 0008), never the whole table:
  // the facilities that ever submitted by a skip scan (one index probe per facility), the
  // last submission by one backward probe each, the counts over the 7-day range only.
  const { rows: stats } = await db.query<StatRow>(
    `WITH RECURSIVE fed(key) AS (
       (SELECT facility_key FROM feed_log ORDER BY facility_key LIMIT 1)
       UNION ALL
       SELECT (SELECT f.facility_key FROM feed_log f WHERE f.facility_key > fed.key ORDER BY f.facility_key LIMIT 1)
         FROM fed WHERE fed.key IS NOT NULL
     ), keys AS (
       SELECT organization_id AS key FROM oauth_client WHERE role = 'facility-system' AND organization_id IS NOT NULL
       UNION SELECT key FROM fed WHERE key IS NOT NULL
       UNION SELECT id FROM resource WHERE resource_type = 'Organization' AND id = $1 AND NOT deleted
     )
     SELECT k.key,
            (SELECT f.received_at FROM feed_log f WHERE f.facility_key = k.key
              ORDER BY f.received_at DESC LIMIT 1) AS last_at,
            coalesce(w.received, 0) AS received, coalesce(w.imported, 0) AS imported,
            coalesce(w.unchanged, 0) AS unchanged, coalesce(w.failed, 0) AS failed,
            coalesce(w.removed, 0) AS removed
       FROM keys k
       LEFT JOIN LATERAL (
         SELECT count(*) AS received,
                count(*) FILTER (WHERE outcome = 'imported') AS imported,
                count(*) FILTER (WHERE outcome = 'unchanged') AS unchanged,
                count(*) FILTER (WHERE outcome = 'failed') AS failed,
                sum(removed) AS removed
           FROM feed_log f
          WHERE f.facility_key = k.key AND f.received_at > now() - make_interval(days => $2)
       ) w ON true`,
    [filter.organization ?? '', WINDOW_DAYS],
  );
  const orgIds = stats.map((s) => s.key).filter((k) => !k.startsWith('code:'));
  const orgs = await organizations(db, orgIds);
  const clients = await facilityClients(db);
  let all: FeedFacility[] = stats.map((s) => {
    const org = orgs.get(s.key);
    const code = s.key.startsWith('code:')
      ? s.key.slice('code:'.length)
      : org?.identifier?.find((i) => i.system === SID.maCskcb)?.value;
    const failed = Number(s.failed);
    const received = Number(s.received);
    return {
      key: s.key,
      ...(s.key.startsWith('code:') ? {} : { organizationId: s.key }),
      ...(code ? { code } : {}),
      ...(org?.name ? { name: org.name } : {}),
      ...(org?.type?.[0]?.text ? { type: org.type[0].text } : {}),
      clients: clients.get(s.key) ?? [],
      ...(s.last_at ? { lastSubmission: new Date(s.last_at).toISOString() } : {}),
      received,
      imported: Number(s.imported),
      unchanged: Number(s.unchanged),
      failed,
      removed: Number(s.removed),
      status: failed > 0 ? 'errors' : received === 0 ? 'silent' : 'ok',
      latestErrors: [],
    };
  });
  const summary = {
    facilities: all.length,
    silent: all.filter((f) => f.status === 'silent').length,
    withErrors: all.filter((f) => f.status === 'errors').length,
    received: all.reduce((n, f) => n + f.received, 0),
    failed: all.reduce((n, f) => n + f.failed, 0),
  };
  if (filter.status && filter.status !== 'all') all = all.filter((f) => f.status === filter.status);
  if (filter.q) {
    const q = fold(filter.q);
    all = all.filter((f) => [f.name, f.code, f.key].some((v) => v && fold(v).includes(q)));
  }
  const rank: Record<FeedStatus, number> = { errors: 0, silent: 1, ok: 2 };
  all.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] || b.failed - a.failed || (a.name ?? a.key).localeCompare(b.name ?? b.key, 'vi'),
  );
  const page = all.slice(filter.offset, filter.offset + filter.limit);
  await addLatestErrors(db, page);
  return {
    windowDays: WINDOW_DAYS,
    generatedAt: new Date().toISOString(),
    summary,
    total: all.length,
    facilities: page,
  };
}

async function organizations(db: Queryable, ids: string[]): Promise<Map<string, Organization>> {
  const out = new Map<string, Organization>();
  if (!ids.length) return out;
  const { rows } = await db.query<{ id: string; content: string }>(
    `SELECT id, content FROM resource WHERE resource_type = 'Organization' AND id = ANY($1::text[]) AND NOT deleted`,
    [ids],
  );
  for (const r of rows) out.set(r.id, JSON.parse(r.content) as Organization);
  return out;
}

async function facilityClients(db: Queryable): Promise<Map<string, { clientId: string; disabled: boolean }[]>> {
  const { rows } = await db.query<{ client_id: string; organization_id: string; disabled: boolean }>(
    `SELECT client_id, organization_id, disabled FROM oauth_client
      WHERE role = 'facility-system' AND organization_id IS NOT NULL ORDER BY client_id`,
  );
  const out = new Map<string, { clientId: string; disabled: boolean }[]>();
  for (const r of rows) {
    const list = out.get(r.organization_id) ?? [];
    list.push({ clientId: r.client_id, disabled: r.disabled });
    out.set(r.organization_id, list);
  }
  return out;
}

/** The latest refused visits of the facilities shown (one query for the page). */
async function addLatestErrors(db: Queryable, page: FeedFacility[]): Promise<void> {
  const withErrors = page.filter((f) => f.failed > 0);
  if (!withErrors.length) return;
  const { rows } = await db.query<{
    facility_key: string;
    ma_lk: string;
    received_at: Date | string;
    source: string;
    problems: FeedProblem[] | string;
  }>(
    `SELECT facility_key, ma_lk, received_at, source, problems FROM (
       SELECT facility_key, ma_lk, received_at, source, problems,
              row_number() OVER (PARTITION BY facility_key ORDER BY received_at DESC, id DESC) AS n
         FROM feed_log
        WHERE outcome = 'failed' AND facility_key = ANY($1::text[])
          AND received_at > now() - make_interval(days => $2)
     ) latest WHERE n <= $3 ORDER BY received_at DESC`,
    [withErrors.map((f) => f.key), WINDOW_DAYS, LATEST_ERRORS],
  );
  const byKey = new Map(withErrors.map((f) => [f.key, f]));
  for (const r of rows) {
    byKey.get(r.facility_key)?.latestErrors.push({
      maLk: r.ma_lk,
      receivedAt: new Date(r.received_at).toISOString(),
      source: r.source,
      problems: typeof r.problems === 'string' ? (JSON.parse(r.problems) as FeedProblem[]) : r.problems,
    });
  }
}

/** Lower case without diacritics: "Đồng Nai" and "dong nai" match. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}
