import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanText,
  daysBetween,
  divRound,
  escapeXml,
  formatFixed,
  formatMeasure,
  formatScaled,
  toScaled,
  xmlDate,
  xmlDateTime,
} from './format.js';

test('date-times are written yyyymmddHHMM in Vietnam time', () => {
  assert.equal(xmlDateTime('2026-03-14T08:30:00+07:00'), '202603140830');
  assert.equal(xmlDateTime('2026-03-14T08:30+07:00'), '202603140830');
  // 20:15 UTC on the 31st is 03:15 on the 1st in Vietnam.
  assert.equal(xmlDateTime('2025-12-31T20:15:00Z'), '202601010315');
  assert.equal(xmlDateTime('2026-03-14T01:30:00.250+00:00'), '202603140830');
  assert.equal(xmlDateTime('1990-07-09'), '199007090000');
  assert.equal(xmlDate('2026-03-14T23:59:00+07:00'), '20260314');
  assert.equal(xmlDate('2026-03-14'), '20260314');
  assert.throws(() => xmlDateTime('14/03/2026'), /not an ISO date/);
  assert.throws(() => xmlDateTime('2026-03-14T08:30:00'), /not an ISO date/);
});

test('days between calendar days', () => {
  assert.equal(daysBetween('2026-02-27T22:00:00+07:00', '2026-03-02T06:00:00+07:00'), 3);
  assert.equal(daysBetween('2026-03-14T08:00:00+07:00', '2026-03-14T23:00:00+07:00'), 0);
});

test('scaled numbers round half up and print without separators or trailing zeros', () => {
  assert.equal(toScaled(315.5, 3, 'x'), 315500n);
  assert.equal(toScaled(0.1 + 0.2, 3, 'x'), 300n);
  assert.throws(() => toScaled(-1, 3, 'SO_LUONG'), /SO_LUONG/);
  assert.throws(() => toScaled(Number.NaN, 3, 'DON_GIA'), /DON_GIA/);
  assert.equal(divRound(5n, 10n), 1n);
  assert.equal(divRound(4n, 10n), 0n);
  assert.equal(divRound(15n, 10n), 2n);
  assert.equal(formatScaled(23730000n, 2), '237300');
  assert.equal(formatScaled(1234567890n, 2), '12345678.9');
  assert.equal(formatScaled(5n, 2), '0.05');
  assert.equal(formatScaled(0n, 3), '0');
  assert.equal(formatScaled(12500n, 3), '12.5');
  assert.equal(formatFixed(5250n, 2), '52.50');
  assert.equal(formatFixed(7n, 2), '0.07');
  assert.equal(formatMeasure(38.25, 1), '38.3');
  assert.equal(formatMeasure(1e-7, 4), '0');
  assert.equal(formatMeasure(-2.5, 1), '-2.5');
  assert.equal(formatMeasure(1234567.125, 4), '1234567.125');
});

test('text is NFC, trimmed, free of characters XML cannot carry, and cut by characters', () => {
  const decomposed = 'Nguye\u0302\u0303n'; // "Nguyễn" as base letters + combining marks
  assert.notEqual(decomposed, 'Nguyễn');
  assert.equal(cleanText(` ${decomposed}\u0007 `), 'Nguyễn');
  assert.equal(cleanText('a\uD800b'), 'ab');
  assert.equal(cleanText('Đặng Thị Ánh', 5), 'Đặng');
  assert.equal(Array.from(cleanText('ồ'.repeat(300), 255)).length, 255);
  assert.equal(escapeXml('A & B < C > D "E"'), 'A &amp; B &lt; C &gt; D "E"');
});
