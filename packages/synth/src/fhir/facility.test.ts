import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Location, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { facilityResources } from './facility.js';
import { workerResources } from './worker.js';
import { FHIR_ID } from './ids.js';
import { CS, EXT, SID } from './systems.js';
import { CENTRE, HOSPITAL, PHARMACY, PROVINCE, STATION, STATION_DOCTOR, HOSPITAL_DOCTOR } from './fixtures.js';

test('a facility is an Organization and a Location with the same id, MA_CSKCB as identifier', () => {
  const [org, loc] = facilityResources(PROVINCE, STATION) as [Organization, Location];
  assert.equal(org.resourceType, 'Organization');
  assert.equal(loc.resourceType, 'Location');
  assert.equal(org.id, STATION.id);
  assert.equal(loc.id, STATION.id);
  assert.deepEqual(org.identifier, [{ use: 'official', system: SID.maCskcb, value: '75011' }]);
  assert.deepEqual(loc.identifier, org.identifier);
  assert.equal(loc.managingOrganization?.reference, `Organization/${STATION.id}`);
  assert.equal(loc.physicalType?.coding?.[0]?.code, 'bu');
});

test('the Organization type says "provider" and the kind of facility in Vietnamese', () => {
  const [org] = facilityResources(PROVINCE, STATION) as [Organization];
  const coding = org.type?.[0]?.coding ?? [];
  assert.deepEqual(
    coding.map((c) => [c.system, c.code]),
    [
      [CS.organizationType, 'prov'],
      [CS.loaiCoSo, 'health-station'],
    ],
  );
  assert.equal(coding[1]?.display, 'Trạm y tế xã, phường');
  const [pharmacy] = facilityResources(PROVINCE, PHARMACY) as [Organization];
  assert.equal(pharmacy.type?.[0]?.text, 'Nhà thuốc');
});

test('a health station is partOf its medical centre; a hospital is part of nothing', () => {
  const [station] = facilityResources(PROVINCE, STATION) as [Organization];
  assert.equal(station.partOf?.reference, `Organization/${CENTRE.id}`);
  const [hospital] = facilityResources(PROVINCE, HOSPITAL) as [Organization];
  assert.equal(hospital.partOf, undefined);
  assert.throws(() => facilityResources(PROVINCE, { ...STATION, partOf: '75999' }), /75999/);
});

test('facility addresses name the commune, the province and its code, without a district', () => {
  const [org, loc] = facilityResources(PROVINCE, HOSPITAL) as [Organization, Location];
  const address = org.address?.[0];
  assert.equal(address?.city, 'Phường Bình Phước');
  assert.equal(address?.state, 'Đồng Nai');
  assert.equal(address?.country, 'VN');
  assert.equal(address?.district, undefined);
  assert.deepEqual(address?.extension, [
    { url: EXT.dvhc, valueCoding: { system: CS.dvhc, code: '25195', display: 'Phường Bình Phước' } },
  ]);
  assert.deepEqual(loc.address, address);
  // The fixture's name is decomposed; the resource stores it composed.
  assert.equal(org.name, 'Bệnh viện Đa khoa Đồng Nai'.normalize('NFC'));
  assert.ok(org.name!.normalize('NFC') === org.name && org.name !== HOSPITAL.name);
});

test('a health worker is a Practitioner with their licence and a PractitionerRole at their facility', () => {
  const [p, role] = workerResources(PROVINCE, STATION_DOCTOR) as [Practitioner, PractitionerRole];
  assert.equal(p.id, STATION_DOCTOR.id);
  assert.deepEqual(p.identifier, [{ use: 'official', system: SID.cchn, value: '004252/ĐNAI-CCHN' }]);
  assert.deepEqual(p.name, [{ use: 'official', text: 'Trần Thị Hồng', family: 'Trần', given: ['Thị', 'Hồng'] }]);
  assert.equal(p.name?.[0]?.given?.[1], 'Hồng'.normalize('NFC'));
  assert.equal(p.gender, 'female');
  assert.equal(role.practitioner?.reference, `Practitioner/${STATION_DOCTOR.id}`);
  assert.equal(role.organization?.reference, `Organization/${STATION.id}`);
  assert.deepEqual(role.code?.[0]?.coding, [{ system: CS.practitionerRole, code: 'doctor', display: 'Doctor' }]);
  assert.equal(role.specialty?.[0]?.text, 'K01');
  assert.match(role.id!, FHIR_ID);
  assert.notEqual(role.id, p.id);
  assert.equal((workerResources(PROVINCE, STATION_DOCTOR)[1] as PractitionerRole).id, role.id);
});

test('a worker without a middle name has a single given name', () => {
  const [p] = workerResources(PROVINCE, HOSPITAL_DOCTOR) as [Practitioner];
  assert.deepEqual(p.name?.[0], { use: 'official', text: 'Lê Minh', family: 'Lê', given: ['Minh'] });
});
