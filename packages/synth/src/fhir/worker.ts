import type { Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import type { HealthWorker, Province, WorkerRole } from '../model.js';
import { derivedId } from './ids.js';
import { facilityOf } from './lookup.js';
import { humanName } from './person.js';
import { CS, SID } from './systems.js';

const ROLES: Readonly<Record<WorkerRole, { display: string; vi: string }>> = {
  doctor: { display: 'Doctor', vi: 'Bác sĩ' },
  nurse: { display: 'Nurse', vi: 'Điều dưỡng' },
  pharmacist: { display: 'Pharmacist', vi: 'Dược sĩ' },
};

/** The PractitionerRole id of a worker: derived, so visits need not carry it. */
export function practitionerRoleId(worker: HealthWorker): string {
  return derivedId(worker.id, 'role');
}

/**
 * A health worker as a Practitioner (the person and their practising licence)
 * and a PractitionerRole (what they do, where, in which department).
 */
export function workerResources(province: Province, worker: HealthWorker): Resource[] {
  const facility = facilityOf(province, worker.facilityCode);
  const role = ROLES[worker.role];
  const name = humanName(worker.name);
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: worker.id,
    identifier: [{ use: 'official', system: SID.cchn, value: worker.licence.normalize('NFC') }],
    active: true,
    name: [name],
    gender: worker.sex,
    birthDate: worker.birthDate,
  };
  const practitionerRole: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: practitionerRoleId(worker),
    active: true,
    practitioner: { reference: `Practitioner/${worker.id}`, display: name.text! },
    organization: { reference: `Organization/${facility.id}`, display: facility.name.normalize('NFC') },
    code: [{ coding: [{ system: CS.practitionerRole, code: worker.role, display: role.display }], text: role.vi }],
    specialty: [{ coding: [{ system: CS.maKhoa, code: worker.department }], text: worker.department }],
    location: [{ reference: `Location/${facility.id}` }],
  };
  return [practitioner, practitionerRole];
}
