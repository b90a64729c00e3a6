import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { RawConn } from './raw-db.js';
import { extractIndexRows, patientCompartments, type IndexRows, type SearchRegistry } from './write-path.js';

/**
 * The raw baseline's inserts: the rows the server writes for a create
 * (resource, history, outbox, index rows), sent by a minimal script as plain
 * parameterised SQL. Index rows are computed before the clock starts, so the
 * baseline measures the database alone — "the limit".
 */

// Index table → its value columns with their SQL array types (from 0001_resources.sql).
// prettier-ignore
const TABLES: [keyof IndexRows, string, [string, string][]][] = [
  ['string', 'sp_string', [['code', 'text'], ['norm', 'text'], ['exact', 'text']]],
  ['token', 'sp_token', [['code', 'text'], ['system', 'text'], ['value', 'text'], ['display', 'text'], ['type_system', 'text'], ['type_code', 'text']]],
  ['reference', 'sp_reference', [['code', 'text'], ['target_type', 'text'], ['target_id', 'text'], ['target_url', 'text']]],
  ['date', 'sp_date', [['code', 'text'], ['low', 'timestamptz'], ['high', 'timestamptz']]],
  ['number', 'sp_number', [['code', 'text'], ['value', 'numeric']]],
  ['quantity', 'sp_quantity', [['code', 'text'], ['value', 'numeric'], ['system', 'text'], ['unit', 'text']]],
  ['uri', 'sp_uri', [['code', 'text'], ['value', 'text']]],
  ['composite', 'sp_composite', [['code', 'text'], ['c1_system', 'text'], ['c1_value', 'text'], ['c2_system', 'text'], ['c2_value', 'text'], ['c2_number', 'numeric'], ['c2_low', 'timestamptz'], ['c2_high', 'timestamptz']]],
];

/** A resource ready to insert again and again under new ids. */
export interface RawTemplate {
  resourceType: string;
  /** JSON of the resource after `"id":"…",` (starts with `"meta"`), so a new id is a string concatenation. */
  contentTail: string;
  rows: IndexRows;
  /** Patient ids of the compartments (for a Patient, filled with its own id per insert). */
  compartments: string[];
}

export function makeTemplate(resource: Resource, registry: SearchRegistry): RawTemplate {
  const { resourceType, id: _id, meta, ...rest } = resource;
  const stored = {
    resourceType,
    id: 'x',
    meta: { ...meta, versionId: '1', lastUpdated: new Date().toISOString() },
    ...rest,
  } as Resource;
  const rows = extractIndexRows(stored, registry);
  const json = JSON.stringify(stored);
  const tail = json.slice(json.indexOf('"id":"x",') + '"id":"x",'.length);
  return {
    resourceType,
    contentTail: tail,
    rows,
    compartments: resourceType === 'Patient' ? [] : patientCompartments(resourceType, 'x', rows, registry),
  };
}

interface Instance {
  t: RawTemplate;
  id: string;
  content: string;
  compartments: string[];
}

function instance(t: RawTemplate): Instance {
  const id = randomUUID();
  return {
    t,
    id,
    content: `{"resourceType":"${t.resourceType}","id":"${id}",${t.contentTail}`,
    compartments: t.resourceType === 'Patient' ? [id] : t.compartments,
  };
}

/** One resource in one statement (one round trip), like a single create. */
export async function insertOne(conn: RawConn, t: RawTemplate): Promise<void> {
  const r = instance(t);
  const now = new Date().toISOString();
  const params: unknown[] = [t.resourceType, r.id, now, r.content, r.compartments[0] ?? null, r.compartments];
  const parts = [
    `a AS (INSERT INTO resource (resource_type, id, version_id, last_updated, content, patient_id, compartments)
       VALUES ($1, $2, 1, $3, $4, $5, $6))`,
    `b AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, method, content)
       VALUES ($1, $2, 1, $3, 'POST', $4))`,
    `c AS (INSERT INTO outbox (resource_type, id, version_id, action) VALUES ($1, $2, 1, 'POST'))`,
  ];
  for (const [key, table, columns] of TABLES) {
    const rows = t.rows[key] as unknown[][];
    if (rows.length === 0) continue;
    const cols = columns.map(([name, type], i) => {
      params.push(rows.map((row) => row[i] ?? null));
      return [name, `$${params.length}::${type}[]`];
    });
    parts.push(
      `${table} AS (INSERT INTO ${table} (resource_type, id, ${cols.map((c) => c[0]).join(', ')})
         SELECT $1, $2, * FROM unnest(${cols.map((c) => c[1]).join(', ')}))`,
    );
  }
  await conn.query(`WITH ${parts.join(', ')} SELECT 1`, params);
}

/** Many resources in one statement: each table gets all its rows at once (the bulk limit). */
export async function insertMany(conn: RawConn, templates: RawTemplate[]): Promise<void> {
  const rs = templates.map(instance);
  const now = new Date().toISOString();
  const params: unknown[] = [
    rs.map((r) => r.t.resourceType),
    rs.map((r) => r.id),
    now,
    rs.map((r) => r.content),
    rs.map((r) => r.compartments[0] ?? null),
    // text[][] must be rectangular: one compartment at most per resource in our data.
    rs.map((r) => `{${r.compartments.join(',')}}`),
  ];
  const parts = [
    `a AS (INSERT INTO resource (resource_type, id, version_id, last_updated, content, patient_id, compartments)
       SELECT t, i, 1, $3, c, p, m::text[] FROM unnest($1::text[], $2::text[], $4::text[], $5::text[], $6::text[]) AS u(t, i, c, p, m))`,
    `b AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, method, content)
       SELECT t, i, 1, $3, 'POST', c FROM unnest($1::text[], $2::text[], $4::text[]) AS u(t, i, c))`,
    `c AS (INSERT INTO outbox (resource_type, id, version_id, action) SELECT t, i, 1, 'POST' FROM unnest($1::text[], $2::text[]) AS u(t, i))`,
  ];
  for (const [key, table, columns] of TABLES) {
    const types: string[] = [];
    const ids: string[] = [];
    const values: unknown[][] = columns.map(() => []);
    for (const r of rs) {
      for (const row of r.t.rows[key] as unknown[][]) {
        types.push(r.t.resourceType);
        ids.push(r.id);
        columns.forEach((_, i) => values[i]!.push(row[i] ?? null));
      }
    }
    if (ids.length === 0) continue;
    params.push(types, ids);
    const first = params.length - 1;
    const arrays = columns.map(([, type], i) => {
      params.push(values[i]);
      return `$${params.length}::${type}[]`;
    });
    parts.push(
      `${table} AS (INSERT INTO ${table} (resource_type, id, ${columns.map((c) => c[0]).join(', ')})
         SELECT * FROM unnest($${first}::text[], $${first + 1}::text[], ${arrays.join(', ')}))`,
    );
  }
  await conn.query(`WITH ${parts.join(', ')} SELECT 1`, params);
}
