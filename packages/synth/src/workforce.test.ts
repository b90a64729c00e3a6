import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';
import { loadCommunes } from './places.js';
import { buildFacilities } from './facilities.js';
import { buildWorkforce, DEPARTMENTS } from './workforce.js';

const communes = loadCommunes();

function province(seed: string, residents: number) {
  const random = Random.seeded(seed);
  const facilities = buildFacilities(random.stream('facilities'), communes, residents);
  const workers = buildWorkforce(random.stream('workforce'), facilities, residents);
  return { facilities, workers };
}

const RESIDENTS = 1_000_000;
const { facilities, workers } = province('staff', RESIDENTS);
const per10k = (role: string, from = workers): number =>
  (from.filter((w) => w.role === role).length * 10_000) / RESIDENTS;

test('about 10 doctors and 16.5 nurses per 10,000 residents', () => {
  assert.ok(Math.abs(per10k('doctor') - 10) <= 1, `doctors ${per10k('doctor')}`);
  assert.ok(Math.abs(per10k('nurse') - 16.5) <= 1, `nurses ${per10k('nurse')}`);
  const pharmacyCodes = new Set(facilities.filter((f) => f.kind === 'pharmacy').map((f) => f.code));
  const employed = workers.filter((w) => !pharmacyCodes.has(w.facilityCode));
  assert.ok(Math.abs(per10k('pharmacist', employed) - 4.6) <= 0.5, `pharmacists ${per10k('pharmacist', employed)}`);
});

test('at 50,000 residents too, about 10 doctors per 10,000', () => {
  const small = province('staff', 50_000).workers;
  const doctors = small.filter((w) => w.role === 'doctor').length;
  assert.ok(Math.abs((doctors * 10_000) / 50_000 - 10) <= 1, `doctors ${doctors} for 50,000 residents`);
});

test('every hospital and centre has a doctor, most stations too; every pharmacy one pharmacist', () => {
  const staff = new Map<string, string[]>();
  for (const w of workers) staff.set(w.facilityCode, [...(staff.get(w.facilityCode) ?? []), w.role]);
  let stationsWithDoctor = 0;
  const stations = facilities.filter((f) => f.kind === 'health-station');
  for (const f of facilities) {
    const roles = staff.get(f.code) ?? [];
    if (f.kind === 'pharmacy') assert.deepEqual(roles, ['pharmacist'], f.name);
    else if (f.kind === 'health-station') stationsWithDoctor += roles.includes('doctor') ? 1 : 0;
    else if (f.kind !== 'private-clinic') assert.ok(roles.includes('doctor'), `${f.name} has a doctor`);
  }
  assert.ok(stationsWithDoctor >= 0.8 * stations.length, `${stationsWithDoctor} of ${stations.length} stations`);
  // Big hospitals have more doctors than stations.
  const doctorsAt = (code: string): number =>
    workers.filter((w) => w.facilityCode === code && w.role === 'doctor').length;
  const station = facilities.find((f) => f.kind === 'health-station')!;
  assert.ok(doctorsAt('75001') > 10 * doctorsAt(station.code));
});

test('licences are unique and well-formed; departments come from DEPARTMENTS', () => {
  assert.equal(new Set(workers.map((w) => w.licence)).size, workers.length);
  assert.equal(new Set(workers.map((w) => w.id)).size, workers.length);
  const codes = new Set(DEPARTMENTS.map((d) => d.code));
  for (const w of workers) {
    assert.match(w.licence, /^\d{6}\/(ĐNAI|BYT)-CCHN$/);
    assert.ok(codes.has(w.department), w.department);
    assert.match(w.birthDate, /^(19[6-9]\d|200[0-1])-\d{2}-\d{2}$/);
  }
  assert.ok(DEPARTMENTS.some((d) => d.code === 'K01' && d.name === 'Khoa Khám bệnh'));
  const children = workers.filter((w) => w.facilityCode === '75008' && w.role === 'doctor');
  assert.ok(
    children.filter((w) => w.department === 'K18').length > children.length / 3,
    'the children’s hospital is mostly paediatrics',
  );
});

test('nurses are mostly women, doctors of both sexes', () => {
  const share = (role: string): number =>
    workers.filter((w) => w.role === role && w.sex === 'female').length / workers.filter((w) => w.role === role).length;
  assert.ok(share('nurse') > 0.7);
  assert.ok(share('doctor') > 0.35 && share('doctor') < 0.55);
});

test('same seed, same workforce; another seed, other people', () => {
  const a = province('w', 30_000).workers;
  assert.deepEqual(province('w', 30_000).workers, a);
  const b = province('v', 30_000).workers;
  assert.notDeepEqual(
    b.map((w) => w.name),
    a.map((w) => w.name),
  );
});
