import type { Location, Organization, Resource } from '@medplum/fhirtypes';
import type { Facility, FacilityKind, Province } from '../model.js';
import { organizationRef } from './lookup.js';
import { vnAddress } from './person.js';
import { CS, SID } from './systems.js';

/** Vietnamese names of the kinds of facility (codes of the local loai-co-so system). */
export const FACILITY_KIND_LABELS: Readonly<Record<FacilityKind, string>> = {
  'provincial-general': 'Bệnh viện đa khoa tỉnh',
  'regional-general': 'Bệnh viện đa khoa khu vực',
  'specialist-hospital': 'Bệnh viện chuyên khoa',
  'provincial-centre': 'Trung tâm chuyên khoa tuyến tỉnh',
  'medical-centre': 'Trung tâm y tế khu vực',
  'health-station': 'Trạm y tế xã, phường',
  'private-hospital': 'Bệnh viện tư nhân',
  'private-clinic': 'Phòng khám đa khoa tư nhân',
  pharmacy: 'Nhà thuốc',
};

/**
 * A facility as an Organization (who is responsible: the serviceProvider of
 * its visits, the performer of its tests) and a Location with the same id
 * (where things happen: vaccinations, dispensing, deliveries).
 *
 * Every kind, pharmacies included, is a healthcare provider in the HL7
 * organization-type sense ("prov"); the local loai-co-so coding says which
 * kind, in Vietnamese.
 */
export function facilityResources(province: Province, facility: Facility): Resource[] {
  const name = facility.name.normalize('NFC');
  const identifier = [{ use: 'official' as const, system: SID.maCskcb, value: facility.code }];
  const address = vnAddress(province, { communeCode: facility.communeCode }, 'work');
  const label = FACILITY_KIND_LABELS[facility.kind];
  const organization: Organization = {
    resourceType: 'Organization',
    id: facility.id,
    identifier,
    active: true,
    type: [
      {
        coding: [
          { system: CS.organizationType, code: 'prov', display: 'Healthcare Provider' },
          { system: CS.loaiCoSo, code: facility.kind, display: label },
        ],
        text: label,
      },
    ],
    name,
    address: [address],
    ...(facility.partOf ? { partOf: organizationRef(province, facility.partOf) } : {}),
  };
  const location: Location = {
    resourceType: 'Location',
    id: facility.id,
    identifier,
    status: 'active',
    name,
    mode: 'instance',
    address,
    physicalType: { coding: [{ system: CS.locationPhysicalType, code: 'bu', display: 'Building' }] },
    managingOrganization: { reference: `Organization/${facility.id}`, display: name },
  };
  return [organization, location];
}
