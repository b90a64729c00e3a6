import type { SqlParams } from './sql-params.js';
import type { IndexRows } from '../fhir/search/extract.js';

/** Index tables and the SQL array type of each of their value columns. */
export const INDEX_TABLES: { [K in keyof IndexRows]: { table: string; columns: [string, string][] } } = {
  string: {
    table: 'sp_string',
    columns: [
      ['code', 'text'],
      ['norm', 'text'],
      ['exact', 'text'],
    ],
  },
  token: {
    table: 'sp_token',
    columns: [
      ['code', 'text'],
      ['system', 'text'],
      ['value', 'text'],
      ['display', 'text'],
      ['type_system', 'text'],
      ['type_code', 'text'],
    ],
  },
  reference: {
    table: 'sp_reference',
    columns: [
      ['code', 'text'],
      ['target_type', 'text'],
      ['target_id', 'text'],
      ['target_url', 'text'],
    ],
  },
  date: {
    table: 'sp_date',
    columns: [
      ['code', 'text'],
      ['low', 'timestamptz'],
      ['high', 'timestamptz'],
    ],
  },
  number: {
    table: 'sp_number',
    columns: [
      ['code', 'text'],
      ['value', 'numeric'],
    ],
  },
  quantity: {
    table: 'sp_quantity',
    columns: [
      ['code', 'text'],
      ['value', 'numeric'],
      ['system', 'text'],
      ['unit', 'text'],
    ],
  },
  uri: {
    table: 'sp_uri',
    columns: [
      ['code', 'text'],
      ['value', 'text'],
    ],
  },
  composite: {
    table: 'sp_composite',
    columns: [
      ['code', 'text'],
      ['c1_system', 'text'],
      ['c1_value', 'text'],
      ['c2_system', 'text'],
      ['c2_value', 'text'],
      ['c2_number', 'numeric'],
      ['c2_low', 'timestamptz'],
      ['c2_high', 'timestamptz'],
    ],
  },
};

export interface WriteStatementInput {
  resourceType: string;
  id: string;
  versionId: string;
  lastUpdated: string;
  deleted: boolean;
  method: string;
  content: string;
  compartments: string[];
  rows: IndexRows;
  /** The resource existed before: its old index rows must go. */
  replaceIndex: boolean;
  /** The facility that authored the resource (kept across versions). */
  authorOrg?: string | null;
}

/**
 * One statement (data-modifying CTEs) that writes the current version, the
 * history row, the index rows and the outbox event: one round trip per write,
 * and atomic even outside an explicit transaction.
 */
export function writeStatement(input: WriteStatementInput): { sql: string; params: unknown[]; name: string } {
  const params: unknown[] = [
    input.resourceType,
    input.id,
    input.versionId,
    input.lastUpdated,
    input.deleted,
    input.content,
    input.compartments[0] ?? null,
    input.compartments,
    input.method,
    input.authorOrg ?? null,
  ];
  const ctes: string[] = [
    `cur AS (INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content, patient_id, compartments, author_org)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $10)
       ON CONFLICT (resource_type, id) DO UPDATE SET version_id = EXCLUDED.version_id,
         last_updated = EXCLUDED.last_updated, deleted = EXCLUDED.deleted, content = EXCLUDED.content,
         -- A deletion keeps the patient: the tombstone and the history stay in their compartment.
         patient_id = CASE WHEN EXCLUDED.deleted THEN resource.patient_id ELSE EXCLUDED.patient_id END,
         compartments = CASE WHEN EXCLUDED.deleted THEN resource.compartments ELSE EXCLUDED.compartments END)`,
    `hist AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, method, deleted, content)
       VALUES ($1, $2, $3, $4, $9, $5, CASE WHEN $5 THEN NULL ELSE $6 END))`,
    `evt AS (INSERT INTO outbox (resource_type, id, version_id, action) VALUES ($1, $2, $3, $9))`,
  ];
  ctes.push(...indexCtes(input.rows, params, input.replaceIndex));
  // The text depends only on replaceIndex, so PostgreSQL can keep it prepared.
  return {
    sql: `WITH ${ctes.join(',\n')} SELECT 1`,
    params,
    name: `lt_write_${input.replaceIndex ? 'replace' : 'new'}_2`,
  };
}

/**
 * CTEs that replace a resource's index rows; `$1` and `$2` must already be
 * the resource type and id. Used by writes and by reindexing.
 */
export function indexCtes(rows: IndexRows, params: unknown[], replace: boolean): string[] {
  const ctes: string[] = [];
  for (const key of Object.keys(INDEX_TABLES) as (keyof IndexRows)[]) {
    const { table, columns } = INDEX_TABLES[key];
    if (replace) ctes.push(`del_${key} AS (DELETE FROM ${table} WHERE resource_type = $1 AND id = $2)`);
    // Empty arrays insert nothing, and keep the statement text the same for every resource.
    const values = rows[key] as unknown[][];
    const arrays = columns.map(([, type], c) => {
      params.push(values.map((r) => r[c] ?? null));
      return `$${params.length}::${type}[]`;
    });
    const names = columns.map(([name]) => name);
    ctes.push(
      `ins_${key} AS (INSERT INTO ${table} (resource_type, id, ${names.join(', ')})
         SELECT $1, $2, ${names.map((n) => 'u.' + n).join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')}))`,
    );
  }
  return ctes;
}

/** Replaces the index rows of one resource without writing a new version. */
export function reindexStatement(
  resourceType: string,
  id: string,
  rows: IndexRows,
): { sql: string; params: unknown[]; name: string } {
  const params: unknown[] = [resourceType, id];
  return { sql: `WITH ${indexCtes(rows, params, true).join(',\n')} SELECT 1`, params, name: 'lt_reindex_2' };
}

/**
 * The writes of many resources as CTEs of fixed text (a `Combine`): every
 * column travels as one parameter, so PostgreSQL plans it once and a
 * transaction bundle costs one round trip instead of one per entry. Same rows
 * as `writeStatement` for each input; at most one input per resource.
 *
 * The bulky columns travel as JSON rather than as arrays: the contents (JSON
 * already) are joined into one JSON array, and each resource's index rows
 * are one JSON value, which PostgreSQL takes apart per table. A text array
 * would have the driver escape every element in JavaScript, which cost more
 * than building the rows.
 */
export function writeManyCtes(inputs: readonly WriteStatementInput[], p: SqlParams): { ctes: string[]; name: string } {
  const param = (values: unknown[], type: string): string => `${p.add(values)}::${type}[]`;
  const col = <T>(pick: (i: WriteStatementInput) => T): T[] => inputs.map(pick);
  const w = {
    type: param(
      col((i) => i.resourceType),
      'text',
    ),
    id: param(
      col((i) => i.id),
      'text',
    ),
    version: param(
      col((i) => i.versionId),
      'bigint',
    ),
    updated: param(
      col((i) => i.lastUpdated),
      'timestamptz',
    ),
    deleted: param(
      col((i) => i.deleted),
      'boolean',
    ),
    content: `${p.add(`[${col((i) => i.content).join(',')}]`)}::json`,
    patient: param(
      col((i) => i.compartments[0] ?? null),
      'text',
    ),
    // Arrays of arrays must be rectangular in SQL: compartments travel joined (ids hold no comma).
    compartments: param(
      col((i) => i.compartments.join(',')),
      'text',
    ),
    method: param(
      col((i) => i.method),
      'text',
    ),
    author: param(
      col((i) => i.authorOrg ?? null),
      'text',
    ),
    rows: `${p.add(indexRowsJson(inputs))}::jsonb`,
  };
  const replaced = inputs.filter((i) => i.replaceIndex);
  const old = {
    type: param(
      replaced.map((i) => i.resourceType),
      'text',
    ),
    id: param(
      replaced.map((i) => i.id),
      'text',
    ),
  };
  const ctes: string[] = [
    // The element of a json (not jsonb) array is the exact text sent: the content is stored as it came.
    `w AS (SELECT * FROM ROWS FROM (unnest(${w.type}), unnest(${w.id}), unnest(${w.version}), unnest(${w.updated}),
         unnest(${w.deleted}), json_array_elements(${w.content}), unnest(${w.patient}), unnest(${w.compartments}),
         unnest(${w.method}), unnest(${w.author}), jsonb_array_elements(${w.rows}))
       AS w(resource_type, id, version_id, last_updated, deleted, content, patient_id, compartments, method, author_org, index_rows))`,
    `cur AS (INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content, patient_id, compartments, author_org)
       SELECT resource_type, id, version_id, last_updated, deleted, content::text, patient_id,
              string_to_array(compartments, ','), author_org FROM w
       ON CONFLICT (resource_type, id) DO UPDATE SET version_id = EXCLUDED.version_id,
         last_updated = EXCLUDED.last_updated, deleted = EXCLUDED.deleted, content = EXCLUDED.content,
         patient_id = CASE WHEN EXCLUDED.deleted THEN resource.patient_id ELSE EXCLUDED.patient_id END,
         compartments = CASE WHEN EXCLUDED.deleted THEN resource.compartments ELSE EXCLUDED.compartments END)`,
    `hist AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, method, deleted, content)
       SELECT resource_type, id, version_id, last_updated, method, deleted, CASE WHEN deleted THEN NULL ELSE content::text END FROM w)`,
    `evt AS (INSERT INTO outbox (resource_type, id, version_id, action) SELECT resource_type, id, version_id, method FROM w)`,
  ];
  for (const key of Object.keys(INDEX_TABLES) as (keyof IndexRows)[]) {
    const { table, columns } = INDEX_TABLES[key];
    ctes.push(
      `del_${key} AS (DELETE FROM ${table} t USING unnest(${old.type}, ${old.id}) AS o(resource_type, id)
         WHERE t.resource_type = o.resource_type AND t.id = o.id)`,
    );
    // Each index row is a JSON array of the table's columns, in order.
    const values = columns.map(([, type], c) => (type === 'text' ? `r->>${c}` : `(r->>${c})::${type}`));
    ctes.push(
      `ins_${key} AS (INSERT INTO ${table} (resource_type, id, ${columns.map(([n]) => n).join(', ')})
         SELECT w.resource_type, w.id, ${values.join(', ')} FROM w, jsonb_array_elements(w.index_rows->'${key}') AS r)`,
    );
  }
  return { ctes, name: 'lt_write_many_3' };
}

/**
 * The index rows of every input as one JSON array (one object per input,
 * keyed by table). A string with a lone surrogate half goes to the database
 * as U+FFFD, as text parameters always did: PostgreSQL refuses the escape
 * JSON.stringify writes for it.
 */
function indexRowsJson(inputs: readonly WriteStatementInput[]): string {
  const json = JSON.stringify(inputs.map((i) => i.rows));
  return LONE_SURROGATE_ESCAPE.test(json)
    ? JSON.stringify(
        inputs.map((i) => i.rows),
        wellFormed,
      )
    : json;
}

/** What JSON.stringify writes for a lone surrogate (or, rarely, a literal backslash before "ud8…": then harmlessly redone). */
const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value;
}
