import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from './group-commit.js';
import type { Batch, Combine } from './deferred.js';
import type { SqlParams } from './sql-params.js';

/** A stand-in database that takes 5 ms per statement and remembers what each one wrote. */
function slowDb(fail?: (numbers: number[]) => boolean) {
  const statements: { numbers: number[]; letters: string[] }[] = [];
  const committed = new Set<number | string>();
  let running = 0;
  return {
    statements,
    committed,
    peak: 0,
    async query(sql: string, params?: unknown[]) {
      this.peak = Math.max(this.peak, ++running);
      const numbers = sql.includes('n AS') ? (params![0] as number[]) : [];
      const letters = sql.includes('l AS') ? (params![params!.length - 1] as string[]) : [];
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (fail?.(numbers)) throw new Error('the database refused');
      statements.push({ numbers, letters });
      for (const x of [...numbers, ...letters]) committed.add(x);
      return { rows: [] };
    },
  };
}
const numbers = ((items: number[], p: SqlParams) => ({
  ctes: [`n AS (${p.add(items)})`],
  name: 'n',
})) as Combine<never>;
const letters = ((items: string[], p: SqlParams) => ({
  ctes: [`l AS (${p.add(items)})`],
  name: 'l',
})) as Combine<never>;
const unit = (...n: number[]): Batch[] => [[numbers, n]];

test('alone, a unit is written at once; units that wait share the next statement', async () => {
  const db = slowDb();
  const group = new GroupCommit(db);
  await group.write(unit(1));
  assert.deepEqual(
    db.statements.map((s) => s.numbers),
    [[1]],
  );
  await Promise.all(
    [2, 3, 4, 5, 6, 7].map(async (n) => {
      await group.write(unit(n));
      assert.ok(db.committed.has(n), `${n} resolves only once written`);
    }),
  );
  // One statement runs at a time: the first unit goes alone, the ones waiting for it together.
  assert.deepEqual(
    db.statements.map((s) => s.numbers),
    [[1], [2], [3, 4, 5, 6, 7]],
  );
});

test('units of several kinds are merged kind by kind, in arrival order', async () => {
  const db = slowDb();
  const group = new GroupCommit(db);
  const writes = [
    group.write(unit(1)),
    group.write(unit(2)),
    group.write([
      [numbers, [3]],
      [letters, ['a']],
    ]),
    group.write([[letters, ['b']]]),
    group.write([
      [numbers, [4, 5]],
      [letters, ['c']],
    ]),
  ];
  await Promise.all(writes);
  assert.equal(db.peak, 1, 'one group statement at a time');
  assert.deepEqual(db.statements.slice(1), [{ numbers: [2, 3, 4, 5], letters: ['a', 'b', 'c'] }]);
});

test('when a shared statement fails, each unit is retried alone: only the bad one fails', async () => {
  const db = slowDb((n) => n.includes(13));
  const group = new GroupCommit(db);
  const busy = group.write(unit(11));
  const waiting = [12, 13, 14].map((n) => group.write(unit(n)));
  await busy;
  await waiting[0];
  await assert.rejects(waiting[1]!, /refused/);
  await waiting[2];
  assert.deepEqual(
    db.statements.map((s) => s.numbers),
    [[11], [12], [14]],
  );
  assert.ok(!db.committed.has(13));
  await group.write(unit(15));
  assert.ok(db.committed.has(15), 'the group commit goes on after a failure');
});

test('a big unit (a transaction bundle) does not wait for the group in flight', async () => {
  const db = slowDb();
  const group = new GroupCommit(db);
  const small = group.write(unit(1));
  const bundle = Array.from({ length: 60 }, (_, i) => 100 + i);
  const big = group.write(unit(...bundle));
  await Promise.all([small, big]);
  assert.equal(db.statements.length, 2, 'each went in its own statement');
  assert.equal(db.peak, 2, 'side by side');
  assert.ok(db.committed.has(159));
});
