import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Random } from './random.js';
import { drawName, givenNamesOf, isVietnameseNameText } from './names.js';
import type { PersonName, Sex } from './model.js';

/** Last words of the "middle given" pairs of a shipped list, read here independently of names.ts. */
function listedGiven(file: string): Set<string> {
  const text = readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8')
    .normalize('NFC')
    .replace(/Ð/g, 'Đ');
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => l.split(' ').at(-1)!),
  );
}

function sample(sex: Sex, n: number, seed = 'names'): PersonName[] {
  const random = Random.seeded(seed).stream(sex);
  return Array.from({ length: n }, () => drawName(random, sex));
}

const N = 20_000;
const men = sample('male', N);
const women = sample('female', N);

test('middle names follow sex: no "Thị" for men, no "Văn" for women', () => {
  assert.ok(men.every((n) => !n.middle.split(' ').includes('Thị')));
  assert.ok(women.every((n) => !n.middle.split(' ').includes('Văn')));
  const share = (names: PersonName[], middle: string): number =>
    names.filter((n) => n.middle === middle).length / names.length;
  assert.ok(share(men, 'Văn') > 0.25 && share(men, 'Văn') < 0.35);
  assert.ok(share(women, 'Thị') > 0.35 && share(women, 'Thị') < 0.45);
  for (const names of [men, women]) {
    const none = share(names, '');
    assert.ok(none > 0.01 && none < 0.06, `share without a middle name ${none}`);
  }
  // Other middle names are varied (Minh, Thanh, Ngọc, Hoàng…).
  assert.ok(new Set(men.map((n) => n.middle)).size > 40);
  assert.ok(new Set(women.map((n) => n.middle)).size > 30);
});

test("given names are those of the person's sex in boy.txt / girl.txt", () => {
  const boys = listedGiven('boy.txt');
  const girls = listedGiven('girl.txt');
  for (const n of men) assert.ok(boys.has(n.given), `${n.given} drawn for a man is not in boy.txt`);
  for (const n of women) assert.ok(girls.has(n.given), `${n.given} drawn for a woman is not in girl.txt`);
  for (const name of givenNamesOf('male')) assert.ok(boys.has(name));
  // Clearly male and clearly female names never cross over.
  assert.ok(!women.some((n) => ['Huy', 'Tuấn', 'Hùng', 'Dũng', 'Cường'].includes(n.given)));
  assert.ok(!men.some((n) => ['Trang', 'Hương', 'Thảo', 'Nhi', 'Hằng'].includes(n.given)));
  assert.ok(new Set(men.map((n) => n.given)).size > 100);
  assert.ok(new Set(women.map((n) => n.given)).size > 80);
});

test('family names by real frequency: Nguyễn about 38%, then Trần, Lê, Phạm', () => {
  const all = [...men, ...women];
  const count = new Map<string, number>();
  for (const n of all) count.set(n.family, (count.get(n.family) ?? 0) + 1);
  const share = (family: string): number => (count.get(family) ?? 0) / all.length;
  assert.ok(Math.abs(share('Nguyễn') - 0.38) < 0.015, `Nguyễn ${share('Nguyễn')}`);
  const order = [...count.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f);
  assert.deepEqual(order.slice(0, 4), ['Nguyễn', 'Trần', 'Lê', 'Phạm']);
});

test('names are NFC Vietnamese text, never placeholders or mis-encoded entries', () => {
  for (const n of [...men, ...women]) {
    for (const part of [n.family, n.middle, n.given]) {
      assert.equal(part, part.normalize('NFC'));
      if (part !== '') assert.ok(isVietnameseNameText(part), `"${part}"`);
    }
    assert.notEqual(n.family, 'Student');
  }
  assert.equal(isVietnameseNameText('Buøi'), false);
  assert.equal(isVietnameseNameText('Nguyễn'), true);
});

test('the same stream draws the same names', () => {
  assert.deepEqual(sample('female', 50, 'x'), sample('female', 50, 'x'));
  assert.notDeepEqual(sample('female', 50, 'x'), sample('female', 50, 'y'));
});
