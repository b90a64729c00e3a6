import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inParallel } from './in-parallel.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs every item, never more than the limit at once', async () => {
  let running = 0;
  let most = 0;
  const seen: number[] = [];
  await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    running++;
    most = Math.max(most, running);
    await pause(5 * (n % 3));
    seen.push(n);
    running--;
  });
  assert.deepEqual([...seen].sort(), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(most, 3);
});

test('reads an async source lazily and passes each item its index', async () => {
  let pulled = 0;
  async function* source() {
    for (let i = 0; i < 5; i++) {
      pulled++;
      yield `f${i}`;
    }
  }
  const got: string[] = [];
  await inParallel(source(), 2, async (item, i) => {
    assert.ok(pulled <= i + 2, 'no more than one item ahead per lane');
    got[i] = item;
    await pause(1);
  });
  assert.deepEqual(got, ['f0', 'f1', 'f2', 'f3', 'f4']);
});

test('a failure stops taking new items and is reported', async () => {
  const done: number[] = [];
  await assert.rejects(
    inParallel([1, 2, 3, 4, 5, 6], 2, async (n) => {
      if (n === 2) throw new Error('bad 2');
      await pause(2);
      done.push(n);
    }),
    /bad 2/,
  );
  assert.ok(done.length < 5, `took ${done.length} items after the failure`);
});
