import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../packages/server/src/storage/types.js';
import type { SqlParams } from '../../packages/server/src/storage/sql-params.js';
import { unitOfWork } from '../../packages/server/src/storage/unit-of-work.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
  await app.db.exec('CREATE TABLE uow_a (n int PRIMARY KEY); CREATE TABLE uow_b (n int)');
});
after(() => app.close());

/** The database, counting what reaches it. */
function counted(db: Db): Db & { statements: number; transactions: number } {
  const c = {
    ...db,
    statements: 0,
    transactions: 0,
    query: (sql: string, params?: unknown[], name?: string) => {
      c.statements++;
      return db.query(sql, params, name);
    },
    transaction: <T>(work: Parameters<Db['transaction']>[0]) => {
      c.transactions++;
      return db.transaction(work) as Promise<T>;
    },
  };
  return c as never;
}

const intoA = (ns: number[], p: SqlParams) => ({
  ctes: [`a_rows AS (INSERT INTO uow_a SELECT * FROM unnest(${p.add(ns)}::int[]))`],
  name: 'uow_a',
});
const intoB = (ns: number[], p: SqlParams) => ({
  ctes: [`b_rows AS (INSERT INTO uow_b SELECT * FROM unnest(${p.add(ns)}::int[]))`],
  name: 'uow_b',
});

async function count(table: string, n: number): Promise<number> {
  const { rows } = await app.db.query<{ c: string }>(`SELECT count(*) AS c FROM ${table} WHERE n = $1`, [n]);
  return Number(rows[0]!.c);
}

test('work that only writes reaches the database as one statement, with no transaction round trips', async () => {
  const db = counted(app.db);
  await unitOfWork(db, async (tx) => {
    tx.defer(intoA, 1);
    tx.defer(intoB, 1);
    tx.defer(intoA, 2);
  });
  assert.equal(db.transactions, 0);
  assert.equal(db.statements, 1);
  assert.equal(await count('uow_a', 1), 1);
  assert.equal(await count('uow_a', 2), 1);
  assert.equal(await count('uow_b', 1), 1);
});

test('when that one statement fails, none of its writes is kept', async () => {
  await assert.rejects(
    unitOfWork(app.db, async (tx) => {
      tx.defer(intoB, 3);
      tx.defer(intoA, 1); // already there: the primary key refuses it
    }),
  );
  assert.equal(await count('uow_b', 3), 0);
});

test('work that reads runs in a real transaction, and a failure after the read rolls everything back', async () => {
  const db = counted(app.db);
  await assert.rejects(
    unitOfWork(db, async (tx) => {
      await tx.query('INSERT INTO uow_b VALUES (4)');
      tx.defer(intoA, 4);
      const { rows } = await tx.query<{ c: string }>('SELECT count(*) AS c FROM uow_a WHERE n = 4');
      assert.equal(rows[0]!.c, '1', 'a read sees the writes deferred before it');
      throw new Error('the work changed its mind');
    }),
    /changed its mind/,
  );
  assert.equal(db.transactions, 1);
  assert.equal(await count('uow_a', 4), 0);
  assert.equal(await count('uow_b', 4), 0);

  const result = await unitOfWork(app.db, async (tx) => {
    await tx.query('INSERT INTO uow_b VALUES (5)');
    tx.defer(intoA, 5);
    return 'done';
  });
  assert.equal(result, 'done');
  assert.equal(await count('uow_a', 5), 1);
  assert.equal(await count('uow_b', 5), 1);
});
