import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inChunks } from './in-chunks.js';

test('cuts items into chunks of the size, the last one shorter', async () => {
  const got: number[][] = [];
  for await (const chunk of inChunks([1, 2, 3, 4, 5, 6, 7], 3)) got.push(chunk);
  assert.deepEqual(got, [[1, 2, 3], [4, 5, 6], [7]]);
});

test('pulls an async source only as far as the chunk being filled', async () => {
  let pulled = 0;
  async function* source() {
    for (let i = 0; i < 10; i++) {
      pulled++;
      yield i;
    }
  }
  const chunks = inChunks(source(), 4);
  assert.deepEqual((await chunks.next()).value, [0, 1, 2, 3]);
  assert.equal(pulled, 4);
});

test('gives nothing for nothing', async () => {
  for await (const _ of inChunks([], 5)) assert.fail('no chunk expected');
});
