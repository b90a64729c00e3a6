import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFormerBinhPhuoc, loadCommunes, PROVINCE_RESIDENTS } from './places.js';

test('the 95 communes and wards of Đồng Nai, sorted by code, with valid codes and kinds', () => {
  const communes = loadCommunes();
  assert.equal(communes.length, 95);
  assert.deepEqual(
    communes.map((c) => c.code),
    communes.map((c) => c.code).sort(),
  );
  assert.equal(new Set(communes.map((c) => c.code)).size, 95);
  for (const c of communes) {
    assert.match(c.code, /^\d{5}$/);
    assert.equal(c.fullName.normalize('NFC'), c.fullName);
    assert.equal(c.kind, c.fullName.startsWith('Phường ') ? 'ward' : 'commune');
    assert.ok(c.fullName.startsWith(c.kind === 'ward' ? 'Phường ' : 'Xã '));
    assert.ok(c.fullName.endsWith(c.name));
    assert.ok(c.areaKm2 > 0);
  }
  // Đồng Nai's codes lie in the 25xxx–26xxx block of the national list.
  for (const c of communes) assert.ok(c.code >= '25000' && c.code < '27000', c.code);
  assert.equal(communes.filter((c) => c.kind === 'ward').length, 33);
  const named = new Map(communes.map((c) => [c.code, c.fullName]));
  assert.equal(named.get('25195'), 'Phường Bình Phước');
  assert.equal(named.get('26041'), 'Phường Trấn Biên');
  assert.equal(named.get('26068'), 'Phường Biên Hoà');
  assert.equal(named.get('25396'), 'Xã Bù Đăng');
});

test('weights estimate residents: about 4.4 million, towns denser than the countryside', () => {
  const communes = loadCommunes();
  const total = communes.reduce((sum, c) => sum + c.weight, 0);
  assert.ok(Math.abs(total - PROVINCE_RESIDENTS) < 200, `total ${total}`);
  const density = (kind: 'ward' | 'commune'): number => {
    const list = communes.filter((c) => c.kind === kind);
    return list.reduce((s, c) => s + c.weight, 0) / list.reduce((s, c) => s + c.areaKm2, 0);
  };
  assert.ok(density('ward') > 3 * density('commune'));
  const bienHoa = communes.find((c) => c.name === 'Biên Hoà')!;
  const buDang = communes.find((c) => c.name === 'Bù Đăng')!;
  assert.ok(bienHoa.weight / bienHoa.areaKm2 > 20 * (buDang.weight / buDang.areaKm2));
  const binhPhuoc = communes.filter((c) => isFormerBinhPhuoc(c.code));
  assert.equal(binhPhuoc.length, 40);
  const share = binhPhuoc.reduce((s, c) => s + c.weight, 0) / total;
  assert.ok(share > 0.2 && share < 0.28, `former Bình Phước holds ${share}`);
});

test('callers get copies: changing one does not change the next load', () => {
  const first = loadCommunes();
  first[0]!.weight = -1;
  assert.ok(loadCommunes()[0]!.weight > 0);
});
