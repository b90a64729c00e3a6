import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULES, RULE_IDS } from './rules.js';

test('the documented catalogue lists every rule, with its severity, and nothing else', () => {
  const doc = readFileSync(new URL('../../../docs/integrators/xml130-check.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^#### `([a-z0-9.-]+)` — (error|warning)/gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(
    documented,
    RULE_IDS.map((id) => [id, RULES[id].severity]),
  );
});

test('rule ids are group.name in kebab case, and every rule says what it checks', () => {
  for (const id of RULE_IDS) {
    assert.match(id, /^(input|envelope|visit|field|code|id|money|date)\.[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(RULES[id].checks.length > 10, id);
  }
});
