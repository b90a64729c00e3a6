import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupInsert } from './group-insert.js';
import type { SqlParams } from './sql-params.js';

/** A stand-in database that takes 5 ms per statement and remembers what each wrote. */
function slowDb(fail?: (rows: number[]) => boolean) {
  const statements: number[][] = [];
  const committed = new Set<number>();
  return {
    statements,
    committed,
    async query(_sql: string, params?: unknown[]) {
      const rows = params![0] as number[];
      await new Promise((r) => setTimeout(r, 5));
      if (fail?.(rows)) throw new Error('the database refused');
      statements.push(rows);
      for (const r of rows) committed.add(r);
      return { rows: [] };
    },
  };
}
const combine = (items: number[], p: SqlParams) => ({ ctes: [`x AS (INSERT ${p.add(items)})`], name: 'x' });

test('alone, a row is written at once; together, rows that wait share the next statement', async () => {
  const db = slowDb();
  const group = new GroupInsert(db, combine);
  await group.add(1);
  assert.deepEqual(db.statements, [[1]]);
  await Promise.all(
    [2, 3, 4, 5, 6].map(async (n) => {
      await group.add(n);
      assert.ok(db.committed.has(n), `${n} resolves only once written`);
    }),
  );
  assert.deepEqual(db.statements, [[1], [2], [3, 4, 5, 6]]);
});

test('a failed statement fails the rows it carried, and the next rows are written', async () => {
  const db = slowDb((rows) => rows.includes(13));
  const group = new GroupInsert(db, combine);
  const first = group.add(12);
  const failing = [group.add(13), group.add(14)];
  await first;
  for (const f of failing) await assert.rejects(f, /refused/);
  await group.add(15);
  assert.deepEqual(db.statements, [[12], [15]]);
});
