import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statementOf } from '../../packages/server/src/storage/deferred.js';
import {
  INDEX_TABLES,
  writeManyCtes,
  writeStatement,
  type WriteStatementInput,
} from '../../packages/server/src/storage/write-sql.js';
import { emptyRows, type IndexRows } from '../../packages/server/src/fhir/search/extract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A transaction's writes go as one statement whose bulky columns travel as
// JSON (write-sql.ts writeManyCtes); a single write sends arrays
// (writeStatement). Both must store exactly the same thing.
let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.close());

/** Text that JSON and SQL arrays both escape: quotes, backslashes, braces, commas, NUL-free control characters. */
const AWKWARD = 'Nguyễn "Văn" \\An\\ {a,b} \t\n NULL 😀';
/** A lone half of a surrogate pair: not UTF-8, sent as U+FFFD. */
const LONE = 'x\ud800y';

function rows(): IndexRows {
  const r = emptyRows();
  r.string.push(['name', AWKWARD.toLowerCase(), AWKWARD], ['name', LONE, LONE]);
  r.token.push(['identifier', 'urn:sys', 'v"1', null, null, null], ['code', null, 'c', 'd', 'ts', 'tc']);
  r.reference.push(['subject', 'Patient', 'p1', null], ['subject', null, null, 'http://x/y']);
  r.date.push(['birthdate', '1990-01-15T00:00:00+07:00', '1990-01-15T23:59:59.999+07:00']);
  r.number.push(['probability', '0.25']);
  r.quantity.push(['value-quantity', '5.40', 'http://unitsofmeasure.org', 'mg']);
  r.uri.push(['url', 'http://example.org/a?b=c']);
  r.composite.push(['code-value-quantity', 's', 'c', null, 'mg', '5.4', null, null]);
  return r;
}

function input(id: string): WriteStatementInput {
  const resource = { resourceType: 'Basic', id, note: AWKWARD, odd: LONE, n: 1.5e-7 };
  return {
    resourceType: 'Basic',
    id,
    versionId: '1',
    lastUpdated: '2026-01-02T03:04:05.678Z',
    deleted: false,
    method: 'create',
    content: JSON.stringify(resource),
    compartments: ['Patient/p1', 'Patient/p2'],
    rows: rows(),
    replaceIndex: false,
    authorOrg: null,
  };
}

/** Everything stored for one resource, without its id. */
async function stored(id: string): Promise<unknown> {
  const one = async (sql: string): Promise<unknown[]> =>
    (await app.db.query(sql, ['Basic', id])).rows.map((r) => JSON.stringify(r).replaceAll(id, '<id>'));
  const out: Record<string, unknown> = {
    resource: await one(
      'SELECT content, version_id, last_updated, patient_id, compartments FROM resource WHERE resource_type = $1 AND id = $2',
    ),
    history: await one('SELECT content, method FROM resource_history WHERE resource_type = $1 AND id = $2'),
  };
  for (const { table } of Object.values(INDEX_TABLES)) {
    out[table] = (await one(`SELECT * FROM ${table} WHERE resource_type = $1 AND id = $2`)).sort();
  }
  return out;
}

test('a write of many stores the same content and index rows as a single write', async () => {
  const single = writeStatement(input('single'));
  await app.db.query(single.sql, single.params, single.name);
  const many = statementOf(writeManyCtes, [input('many-1'), input('many-2')]);
  await app.db.query(many.sql, many.params, many.name);
  const expected = await stored('single');
  assert.deepEqual(await stored('many-1'), expected);
  assert.deepEqual(await stored('many-2'), expected);
  const { rows } = await app.db.query<{ content: string }>(
    `SELECT content FROM resource WHERE resource_type = 'Basic' AND id = 'many-1'`,
  );
  assert.equal(rows[0]!.content, input('many-1').content, 'the content is stored as the exact text');
  const { rows: names } = await app.db.query<{ exact: string }>(
    `SELECT exact FROM sp_string WHERE resource_type = 'Basic' AND id = 'many-1' ORDER BY exact`,
  );
  assert.deepEqual(
    names.map((r) => r.exact),
    [AWKWARD, 'x\ufffdy'].sort(),
  );
});
