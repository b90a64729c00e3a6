import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProvince, residentParts, visitXml130 } from '@lienthong/synth';
import { checkXml130File } from '@lienthong/xml130';

/*
 * The generator's XML 130 files against the checker: every file of a small
 * province checks without an error. A warning is allowed only where the
 * province means it — a duplicate registration that still carries an
 * expired card (date.card-validity).
 */
test('every XML 130 file of a generated province checks with zero errors', () => {
  const province = buildProvince({ seed: 'xml130-check', residents: 300 });
  let files = 0;
  const errors: string[] = [];
  const warnings = new Map<string, number>();
  const tables = new Set<string>();
  for (const part of residentParts(province)) {
    if (part.kind !== 'resident') continue;
    for (const visit of part.life.visits) {
      const report = checkXml130File(visit.id, visitXml130(province, part.life, visit));
      files++;
      assert.equal(report.visits.length, 1);
      report.visits[0]!.tables.forEach((t) => tables.add(t));
      for (const p of [...report.problems, ...report.visits.flatMap((v) => v.problems)]) {
        if (p.severity === 'error') errors.push(`${visit.id} ${p.table ?? ''} ${p.field ?? ''}: ${p.message.en}`);
        else warnings.set(p.rule, (warnings.get(p.rule) ?? 0) + 1);
      }
    }
  }
  assert.ok(files > 300, `${files} files checked`);
  assert.deepEqual([...tables].sort(), ['XML1', 'XML2', 'XML3', 'XML4', 'XML5']);
  assert.deepEqual(errors.slice(0, 10), []);
  assert.deepEqual(
    [...warnings.keys()].filter((rule) => rule !== 'date.card-validity'),
    [],
  );
});
