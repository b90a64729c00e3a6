import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.js';

test('defaults follow the contract', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.baseUrl, 'http://localhost:8080');
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.dataDir, /\/data$/);
});

test('every bad key is reported at once', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LIENTHONG_UPDATE_CREATE: 'maybe' });
    assert.fail('expected ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 3);
    assert.match(err.message, /PORT="eighty"/);
    assert.match(err.message, /DATABASE_URL/);
    assert.match(err.message, /LIENTHONG_UPDATE_CREATE/);
  }
});
