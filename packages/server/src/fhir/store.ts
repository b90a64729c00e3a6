import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { forbidden, gone, notFound, preconditionFailed } from '@lienthong/core';
import type { AccessPolicy } from '../auth/policy.js';
import { SqlParams } from '../storage/sql-params.js';
import type { Db, Queryable } from '../storage/db.js';
import { writeManyCtes, writeStatement, type WriteStatementInput } from '../storage/write-sql.js';
import { DeferringTx } from '../storage/deferred.js';
import { extractIndexRows, emptyRows } from './search/extract.js';
import type { SearchRegistry } from './search/registry.js';
import { patientCompartments } from './compartment.js';
import { processValidator, type Validator } from './validation-threads.js';

interface CurrentRow {
  versionId: string;
  deleted: boolean;
  lastUpdated: string;
  authorOrg: string | null;
  compartments: string[];
}

const CURRENT_COLUMNS = 'r.version_id, r.deleted, r.last_updated, r.author_org, r.compartments';

interface CurrentColumns {
  version_id: string;
  deleted: boolean;
  last_updated: string;
  author_org: string | null;
  compartments: string[] | null;
}

function currentRow(row: CurrentColumns): CurrentRow {
  return {
    versionId: String(row.version_id),
    deleted: row.deleted,
    lastUpdated: row.last_updated,
    authorOrg: row.author_org,
    compartments: row.compartments ?? [],
  };
}

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface StoredVersion {
  resource: Resource;
  versionId: string;
  lastUpdated: string;
  deleted: boolean;
}

export interface WriteRequest {
  resourceType: string;
  /** Absent for a create with a server-assigned id. */
  id?: string;
  /** The new content; absent for a delete. */
  resource?: Resource;
  method: WriteMethod;
  /** Expected current version (If-Match); a mismatch is 412. */
  ifMatch?: string;
  /**
   * If-None-Match: `*` — there must be no current (undeleted) resource;
   * a list of versions — the current one must not be among them. Else 412.
   */
  ifNoneMatch?: '*' | string[];
  /** The caller's access policy: may it change this resource, and which facility is the author. */
  policy?: AccessPolicy;
  /** The id was just generated (a transaction's POST entry): there is no row to lock. */
  freshId?: boolean;
}

export interface WriteResult {
  resource: Resource;
  versionId: string;
  lastUpdated: string;
  /** True when this write created the resource (201). */
  created: boolean;
  /** False for a delete of something already deleted or absent. */
  changed: boolean;
}

/** Called inside the write's transaction, after the change is written (audit, matching). */
export type WriteHook = (tx: Queryable, result: WriteResult, request: WriteRequest) => Promise<void>;

/**
 * The one write path. Every change — REST, bundle, import, module output —
 * comes through `write`, which validates and then writes the resource, its
 * history row, its search index and an outbox event in one transaction.
 */
export class ResourceStore {
  private readonly hooks: WriteHook[] = [];

  constructor(
    readonly db: Db,
    readonly registry: SearchRegistry,
    readonly validator: Validator = processValidator(0),
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Registers a hook that runs in every write transaction. */
  onWrite(hook: WriteHook): void {
    this.hooks.push(hook);
  }

  /** Writes in the caller's transaction when given one, else in a new one. */
  async write(request: WriteRequest, tx?: Queryable): Promise<WriteResult> {
    if (request.resource) await this.validator.check(request.resource);
    if (tx) return this.writeIn(tx, request);
    return this.db.transaction((t) => this.writeIn(t, request));
  }

  private async writeIn(tx: Queryable, request: WriteRequest): Promise<WriteResult> {
    const { resourceType } = request;
    const id = request.id ?? randomUUID();
    const current = request.id && !request.freshId ? await this.lockCurrent(tx, resourceType, id) : undefined;
    if (request.ifMatch !== undefined && current?.versionId !== request.ifMatch) {
      throw preconditionFailed(
        current
          ? `${resourceType}/${id} is at version ${current.versionId}, not ${request.ifMatch}`
          : `${resourceType}/${id} does not exist`,
      );
    }
    const inm = request.ifNoneMatch;
    if (inm !== undefined && current && !current.deleted && (inm === '*' || inm.includes(current.versionId))) {
      throw preconditionFailed(
        inm === '*'
          ? `${resourceType}/${id} already exists (If-None-Match: *)`
          : `${resourceType}/${id} is at version ${current.versionId}, which If-None-Match excludes`,
      );
    }
    request.policy?.checkWrite(resourceType, request.resource, current);
    if (!request.resource && (!current || current.deleted)) {
      // Deleting what is absent or already deleted changes nothing (FHIR allows 200/204).
      return {
        resource: { resourceType, id } as Resource,
        versionId: current?.versionId ?? '0',
        lastUpdated: current?.lastUpdated ?? this.clock().toISOString(),
        created: false,
        changed: false,
      };
    }
    const versionId = String(current ? Number(current.versionId) + 1 : 1);
    const lastUpdated = this.clock().toISOString();
    const deleted = !request.resource;
    const resource: Resource = deleted
      ? ({ resourceType, id, meta: { versionId, lastUpdated } } as Resource)
      : withIdentity(request.resource!, id, versionId, lastUpdated);
    const rows = deleted ? emptyRows() : extractIndexRows(resource, this.registry);
    const compartments = patientCompartments(resourceType, id, rows, this.registry);
    const input: WriteStatementInput = {
      resourceType,
      id,
      versionId,
      lastUpdated,
      deleted,
      method: request.method,
      content: JSON.stringify(resource),
      compartments,
      rows,
      replaceIndex: current !== undefined,
      // The author is the facility that created the resource; later versions keep it.
      authorOrg: current ? current.authorOrg : (request.policy?.authorOrg ?? null),
    };
    if (tx instanceof DeferringTx) {
      tx.defer(writeManyCtes, input);
      tx.memo.set(ResourceStore.resourceKey(resourceType, id), {
        versionId,
        deleted,
        lastUpdated,
        authorOrg: input.authorOrg ?? null,
        compartments,
      } satisfies CurrentRow);
    } else {
      const { sql, params, name } = writeStatement(input);
      await tx.query(sql, params, name);
    }
    const result: WriteResult = {
      resource,
      versionId,
      lastUpdated,
      created: !current || current.deleted,
      changed: true,
    };
    for (const hook of this.hooks) await hook(tx, result, request);
    return result;
  }

  /** Locks the current row; when there is none yet, locks the id itself (see below). */
  private async lockCurrent(tx: Queryable, resourceType: string, id: string): Promise<CurrentRow | undefined> {
    const known = tx instanceof DeferringTx ? tx.memo.get(ResourceStore.resourceKey(resourceType, id)) : undefined;
    if (known !== undefined) return (known as CurrentRow | null) ?? undefined;
    const current = await this.selectForUpdate(tx, resourceType, id);
    if (current) return current;
    // No row to lock: two writers creating the same client-chosen id would
    // both insert version 1 and the second would fail on the history key.
    // The advisory lock makes the second wait for the first to commit; the
    // re-read (a new snapshot under READ COMMITTED) then sees version 1.
    await this.lock(tx, ResourceStore.resourceKey(resourceType, id));
    return this.selectForUpdate(tx, resourceType, id);
  }

  private async selectForUpdate(tx: Queryable, resourceType: string, id: string): Promise<CurrentRow | undefined> {
    const { rows } = await tx.query<CurrentColumns>(
      `SELECT ${CURRENT_COLUMNS} FROM resource r WHERE r.resource_type = $1 AND r.id = $2 FOR UPDATE`,
      [resourceType, id],
    );
    return rows[0] ? currentRow(rows[0]) : undefined;
  }

  /**
   * Reads and row-locks the current state of many resources in one round
   * trip, for a transaction that already holds their `lock` keys (see
   * lockAll): its writes then need no read of their own.
   */
  async lockCurrentAll(tx: DeferringTx, refs: Iterable<[string, string]>): Promise<void> {
    const wanted = [...refs].filter(([type, id]) => !tx.memo.has(ResourceStore.resourceKey(type, id)));
    if (wanted.length === 0) return;
    const { rows } = await tx.query<CurrentColumns & { resource_type: string; id: string }>(
      `SELECT r.resource_type, r.id, ${CURRENT_COLUMNS}
         FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id)
           ON r.resource_type = k.resource_type AND r.id = k.id
          FOR UPDATE OF r`,
      [wanted.map(([type]) => type), wanted.map(([, id]) => id)],
    );
    for (const [type, id] of wanted) tx.memo.set(ResourceStore.resourceKey(type, id), null);
    for (const row of rows) tx.memo.set(ResourceStore.resourceKey(row.resource_type, row.id), currentRow(row));
  }

  /**
   * Holds `key` until `tx` ends, so work on the same key (one resource id, one
   * conditional-create query) runs one transaction at a time. Same SQL on
   * PGlite and PostgreSQL; a hash collision only serialises two unrelated keys.
   */
  async lock(tx: Queryable, key: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  /**
   * Takes several `lock` keys in one round trip, in sorted order: two
   * transactions locking overlapping sets always agree on the order, so they
   * queue instead of deadlocking.
   */
  async lockAll(tx: Queryable, keys: Iterable<string>): Promise<void> {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) return;
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
         FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS ordered`,
      [sorted],
    );
  }

  /** The `lock` key that writes to one resource share (see lockCurrent). */
  static resourceKey(resourceType: string, id: string): string {
    return `resource:${resourceType}/${id}`;
  }

  /**
   * The current version; 404 if never existed, 410 if deleted. `forUpdate`
   * locks the row until `tx` ends (read-modify-write such as PATCH).
   */
  async read(
    resourceType: string,
    id: string,
    tx: Queryable = this.db,
    forUpdate = false,
    policy?: AccessPolicy,
  ): Promise<Resource> {
    const p = new SqlParams();
    const where = `r.resource_type = ${p.add(resourceType)} AND r.id = ${p.add(id)}`;
    const visible = policy?.rowSql('r', p) ?? 'true';
    const { rows } = await tx.query<{ content: string; deleted: boolean; visible: boolean }>(
      `SELECT r.content, r.deleted, ${visible} AS visible FROM resource r WHERE ${where}${forUpdate ? ' FOR UPDATE' : ''}`,
      p.values,
    );
    const row = rows[0];
    if (!row) throw notFound(`${resourceType}/${id} is not known`);
    // Visibility first: a deleted record stays as private as it was (its history too).
    if (!row.visible) {
      throw forbidden(
        `You have no care relationship with the patient of ${resourceType}/${id}, or the patient restricted sharing; ` +
          'a clinician may use break-glass (Patient/{id}/$break-glass) with a stated reason',
      );
    }
    if (row.deleted) throw gone(`${resourceType}/${id} has been deleted`);
    return JSON.parse(row.content) as Resource;
  }

  /** One version from history; 404 if absent, 410 if that version is a deletion. */
  async vread(resourceType: string, id: string, versionId: string, tx: Queryable = this.db): Promise<Resource> {
    if (!/^\d{1,18}$/.test(versionId)) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
    const { rows } = await tx.query<{ content: string | null; deleted: boolean }>(
      `SELECT content, deleted FROM resource_history
        WHERE resource_type = $1 AND id = $2 AND version_id = $3`,
      [resourceType, id, versionId],
    );
    const row = rows[0];
    if (!row) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
    if (row.deleted || !row.content) throw gone(`${resourceType}/${id} version ${versionId} is a deletion`);
    return JSON.parse(row.content) as Resource;
  }
}

/** resourceType, id and meta first, as people expect to read FHIR JSON. */
function withIdentity(resource: Resource, id: string, versionId: string, lastUpdated: string): Resource {
  const { resourceType, id: _oldId, meta, ...rest } = resource;
  return { resourceType, id, meta: { ...meta, versionId, lastUpdated }, ...rest } as Resource;
}
