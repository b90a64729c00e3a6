import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';
import { loadCommunes, PROVINCE_RESIDENTS } from './places.js';
import { buildFacilities, FORMER_DISTRICTS } from './facilities.js';

const communes = loadCommunes();
const build = (seed: string, residents: number) =>
  buildFacilities(Random.seeded(seed).stream('facilities'), communes, residents);

test('codes are unique, 5 characters, starting with 75; 75001 is Đồng Nai General Hospital', () => {
  for (const residents of [1_000, 20_000, PROVINCE_RESIDENTS]) {
    const facilities = build('codes', residents);
    assert.equal(new Set(facilities.map((f) => f.code)).size, facilities.length);
    assert.equal(new Set(facilities.map((f) => f.id)).size, facilities.length);
    for (const f of facilities) {
      assert.match(f.code, /^75[0-9A-Z]{3}$/);
      if (f.kind !== 'pharmacy') assert.match(f.code, /^75\d{3}$/, `${f.name} has a numeric MA_CSKCB`);
      assert.equal(f.name, f.name.normalize('NFC'));
      assert.ok(f.size > 0);
    }
    const general = facilities.find((f) => f.code === '75001');
    assert.equal(general?.name, 'Bệnh viện Đa khoa Đồng Nai');
    assert.equal(general?.kind, 'provincial-general');
    assert.equal(new Set(facilities.map((f) => f.name)).size, facilities.length, 'names are unique');
  }
});

test('every commune has exactly one health station, part of its medical centre', () => {
  const facilities = build('stations', 20_000);
  const byCode = new Map(facilities.map((f) => [f.code, f]));
  const communeCodes = new Set(communes.map((c) => c.code));
  for (const f of facilities) assert.ok(communeCodes.has(f.communeCode), `${f.name} stands in a real commune`);
  for (const c of communes) {
    const stations = facilities.filter((f) => f.kind === 'health-station' && f.communeCode === c.code);
    assert.equal(stations.length, 1, `${c.fullName} has one station`);
    const station = stations[0]!;
    assert.equal(station.level, 4);
    assert.ok(station.name.endsWith(c.name));
    assert.equal(byCode.get(station.partOf ?? '')?.kind, 'medical-centre');
  }
  const centres = facilities.filter((f) => f.kind === 'medical-centre');
  assert.equal(centres.length, 22);
  for (const centre of centres) assert.ok(centre.name.startsWith('Trung tâm Y tế khu vực '));
  // The former districts cover each commune once.
  const covered = FORMER_DISTRICTS.flatMap((d) => d.communes);
  assert.equal(covered.length, 95);
  assert.deepEqual(new Set(covered), communeCodes);
});

test('the named public hospitals are there at every scale; private ones grow with the residents', () => {
  const count = (residents: number, kind: string) => build('scale', residents).filter((f) => f.kind === kind).length;
  for (const residents of [1_000, PROVINCE_RESIDENTS]) {
    const facilities = build('scale', residents);
    for (const name of [
      'Bệnh viện Đa khoa Thống Nhất',
      'Bệnh viện Nhi đồng Đồng Nai',
      'Bệnh viện Đa khoa khu vực Long Khánh',
    ]) {
      assert.ok(
        facilities.some((f) => f.name === name),
        name,
      );
    }
    assert.ok(facilities.some((f) => f.kind === 'provincial-centre' && f.name.includes('Kiểm soát bệnh tật')));
  }
  assert.equal(count(PROVINCE_RESIDENTS, 'private-hospital'), 12);
  assert.equal(count(PROVINCE_RESIDENTS, 'private-clinic'), 111);
  assert.equal(count(PROVINCE_RESIDENTS, 'pharmacy'), 4_000);
  assert.ok(count(1_000, 'private-clinic') >= 3);
  assert.equal(count(1_000, 'pharmacy'), 5);
  assert.ok(
    build('scale', PROVINCE_RESIDENTS)
      .filter((f) => f.kind === 'pharmacy')
      .every((f) => f.name.startsWith('Nhà thuốc ')),
  );
});

test('private facilities stand mostly in wards', () => {
  const facilities = build('wards', 1_000_000);
  const kindOf = new Map(communes.map((c) => [c.code, c.kind]));
  const clinics = facilities.filter((f) => f.kind === 'private-clinic');
  const inWards = clinics.filter((f) => kindOf.get(f.communeCode) === 'ward').length;
  assert.ok(inWards / clinics.length > 0.6);
});

test('same seed, same facilities; another seed, other places, same codes and ids', () => {
  const a = build('one', 50_000);
  assert.deepEqual(build('one', 50_000), a);
  const b = build('two', 50_000);
  assert.notDeepEqual(b, a);
  assert.deepEqual(
    b.map((f) => f.code),
    a.map((f) => f.code),
  );
  // Ids follow the codes (Organization/cs-75001 is Đồng Nai General whatever the seed).
  assert.deepEqual(
    b.map((f) => f.id),
    a.map((f) => `cs-${f.code}`),
  );
});
