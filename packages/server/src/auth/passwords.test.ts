import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';

test('argon2id hashes verify the right password only', async () => {
  const h = await hashPassword('Đồng Nai 2026 an toàn');
  assert.match(h, /^\$argon2id\$/);
  assert.equal(await verifyPassword(h, 'Đồng Nai 2026 an toàn'), true);
  assert.equal(await verifyPassword(h, 'Đồng Nai 2026 an toan'), false);
  assert.equal(await verifyPassword('not a hash', 'x'), false);
});

test('the password policy names each problem', () => {
  assert.deepEqual(passwordProblems('correct horse battery', 'bs.lan'), []);
  assert.equal(passwordProblems('short', 'x').length, 1);
  assert.ok(passwordProblems('111111111111111', 'x').length >= 2);
  assert.ok(passwordProblems('bs.lan-bs.lan-2026', 'bs.lan').some((p) => /username/.test(p)));
});
