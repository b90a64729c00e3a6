import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Identifier } from '@medplum/fhirtypes';
import { duplicatePatientResource, patientResource } from './patient.js';
import { CS, EXT, SID } from './systems.js';
import { CENTRE, HOSPITAL, LIFE, PROVINCE, STATION } from './fixtures.js';

const resident = LIFE.resident;
const dup = LIFE.duplicates[0]!;

function bySystem(identifiers: Identifier[] | undefined, system: string): Identifier[] {
  return (identifiers ?? []).filter((i) => i.system === system);
}

test('a resident has their CCCD, current and earlier BHYT cards and the MA_BN of their primary-care facility', () => {
  const p = patientResource(PROVINCE, resident);
  assert.equal(p.id, resident.id);
  const [cccd] = bySystem(p.identifier, SID.cccd);
  assert.equal(cccd?.value, '075058001234');
  assert.deepEqual(cccd?.type?.coding, [{ system: CS.v2IdentifierType, code: 'NI' }]);
  const cards = bySystem(p.identifier, SID.bhyt);
  assert.deepEqual(
    cards.map((c) => [c.use, c.value, c.period?.start, c.period?.end]),
    [
      ['official', 'HT3750123456789', '2026-01-01', '2026-12-31'],
      ['old', 'GD4750123456789', '2025-01-01', '2025-12-31'],
    ],
  );
  // Earlier cards keep the 10-digit social-insurance number.
  assert.equal(cards[0]!.value!.slice(5), cards[1]!.value!.slice(5));
  const [maBn] = bySystem(p.identifier, SID.maBn('75011'));
  assert.equal(maBn?.value, resident.id);
  assert.equal(maBn?.type?.coding?.[0]?.code, 'MR');
});

test('names are in Vietnamese parts, composed (NFC), with the full name as text', () => {
  const p = patientResource(PROVINCE, resident);
  const name = p.name?.[0];
  assert.equal(name?.text, 'Nguyễn Văn An');
  assert.equal(name?.family, 'Nguyễn');
  assert.deepEqual(name?.given, ['Văn', 'An']);
  // The fixture gives the name decomposed; what is stored is byte-for-byte the composed form.
  assert.notEqual(resident.name.family, 'Nguyễn');
  for (const s of [name!.text!, name!.family!, ...name!.given!]) assert.equal(s, s.normalize('NFC'));
  assert.equal(p.address?.[0]?.line?.[0], 'Số 12, đường Tôn Đức Thắng, khu phố Phước Thiền');
});

test('address: line, commune as city with its code, Đồng Nai, VN, no district', () => {
  const address = patientResource(PROVINCE, resident).address?.[0];
  assert.equal(address?.use, 'home');
  assert.equal(address?.city, 'Phường Nhơn Trạch');
  assert.equal(address?.district, undefined);
  assert.equal(address?.state, 'Đồng Nai');
  assert.equal(address?.country, 'VN');
  assert.equal(address?.extension?.[0]?.url, EXT.dvhc);
  assert.equal(address?.extension?.[0]?.valueCoding?.code, '26485');
  assert.throws(
    () => patientResource(PROVINCE, { ...resident, address: { communeCode: '99999', line: 'x' } }),
    /99999/,
  );
});

test('gender, birth date, phone, ethnicity and the registering facility', () => {
  const p = patientResource(PROVINCE, resident);
  assert.equal(p.gender, 'male');
  assert.equal(p.birthDate, '1958-03-14');
  assert.deepEqual(p.telecom, [{ system: 'phone', value: '0912345678', use: 'mobile' }]);
  assert.deepEqual(p.extension, [
    { url: EXT.ethnicity, valueCoding: { system: CS.danToc, code: '01', display: 'Kinh' } },
  ]);
  assert.equal(p.managingOrganization?.reference, `Organization/${STATION.id}`);
  assert.equal(p.generalPractitioner?.[0]?.reference, `Organization/${STATION.id}`);
  assert.notEqual(STATION.id, CENTRE.id);
  const noPhone = patientResource(PROVINCE, { ...resident, phone: undefined, card: undefined, previousCards: [] });
  assert.equal(noPhone.telecom, undefined);
  assert.equal(bySystem(noPhone.identifier, SID.bhyt).length, 0);
  assert.equal(noPhone.generalPractitioner, undefined);
  assert.ok(!('telecom' in noPhone), 'no key with an undefined value');
});

test('a duplicate registration holds only what that desk recorded', () => {
  const p = duplicatePatientResource(PROVINCE, dup, resident);
  assert.equal(p.id, dup.id);
  assert.equal(bySystem(p.identifier, SID.cccd).length, 0, 'missing CCCD stays missing');
  assert.equal(bySystem(p.identifier, SID.bhyt).length, 0);
  assert.deepEqual(
    p.identifier?.map((i) => [i.system, i.value]),
    [[SID.maBn('75001'), dup.id]],
  );
  assert.deepEqual(p.name?.[0], { use: 'official', text: 'Nguyễn An', family: 'Nguyễn', given: ['An'] });
  assert.equal(p.managingOrganization?.reference, `Organization/${HOSPITAL.id}`);
  assert.equal(p.gender, 'male');
  assert.equal(p.telecom, undefined);
  // With a CCCD and the old card shown at the desk, both are there.
  const old = resident.previousCards[0]!;
  const withCard = duplicatePatientResource(PROVINCE, { ...dup, cccd: '075058001234', card: old });
  assert.deepEqual(
    withCard.identifier?.map((i) => i.value),
    ['075058001234', 'GD4750123456789', dup.id],
  );
  assert.equal(withCard.gender, undefined, 'without the resident, no sex is invented');
});
