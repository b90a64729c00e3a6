import { useRef } from 'react';
import type { Organization } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { FhirHttpError, NetworkError } from '../fhir/client';

export const MA_CSKCB = 'http://fhir.lienthong.vn/sid/ma-cskcb';
const LOAI_CO_SO = 'http://fhir.lienthong.vn/CodeSystem/loai-co-so';
const ORGANIZATION_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';

/** The kinds of facility of the province (the loai-co-so codes the synthetic province uses). */
export const FACILITY_KINDS = [
  'provincial-general',
  'regional-general',
  'specialist-hospital',
  'provincial-centre',
  'medical-centre',
  'health-station',
  'private-hospital',
  'private-clinic',
  'pharmacy',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

const KIND_VI: Record<FacilityKind, string> = {
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

export interface NewFacility {
  code: string;
  name: string;
  kind: FacilityKind;
  commune: string;
  street: string;
}

/** The Organization of a new facility: its MA_CSKCB under the province's system, kind, address in Đồng Nai. */
export function facilityOrganization(f: NewFacility): Organization {
  // The type's text is Vietnamese whatever the app's language, as on the province's own facilities.
  const kindLabel = KIND_VI[f.kind];
  const text = [f.street, f.commune, 'Đồng Nai'].filter(Boolean).join(', ');
  return {
    resourceType: 'Organization',
    active: true,
    identifier: [{ use: 'official', system: MA_CSKCB, value: f.code }],
    type: [
      {
        coding: [
          { system: ORGANIZATION_TYPE, code: 'prov', display: 'Healthcare Provider' },
          { system: LOAI_CO_SO, code: f.kind, display: kindLabel },
        ],
        text: kindLabel,
      },
    ],
    name: f.name,
    address: [
      {
        use: 'work',
        text,
        ...(f.street ? { line: [f.street] } : {}),
        city: f.commune,
        state: 'Đồng Nai',
        country: 'VN',
      },
    ],
  };
}

/**
 * Registers a facility with a conditional create (If-None-Exist on its code):
 * two administrators registering the same code at once make one
 * Organization, and a code already held is reported, not duplicated. The
 * app's FHIR client sends no extra headers and hides the status, hence this
 * one request of its own.
 */
export function useRegisterFacility(): (f: NewFacility) => Promise<{ created: boolean; organization: Organization }> {
  const { session, fhir } = useAuth();
  // The latest token: a refresh replaces the session while the page is open.
  const token = useRef(session?.accessToken);
  token.current = session?.accessToken;
  const send = async (f: NewFacility, retried: boolean): Promise<{ created: boolean; organization: Organization }> => {
    let res: Response;
    try {
      res = await fetch('/fhir/Organization', {
        method: 'POST',
        headers: {
          accept: 'application/fhir+json',
          'content-type': 'application/fhir+json',
          'if-none-exist': `identifier=${encodeURIComponent(`${MA_CSKCB}|${f.code}`)}`,
          ...(token.current ? { authorization: `Bearer ${token.current}` } : {}),
        },
        body: JSON.stringify(facilityOrganization(f)),
      });
    } catch {
      throw new NetworkError('network');
    }
    if (res.status === 401 && !retried) {
      // An expired token: a request through the app's client renews the session; then once more.
      await fhir.search('Organization?_count=0&_summary=count').catch(() => undefined);
      return send(f, true);
    }
    const json = (await res.json().catch(() => undefined)) as
      (Organization & { issue?: { diagnostics?: string }[] }) | undefined;
    if (!res.ok) {
      const message =
        json?.issue
          ?.map((i) => i.diagnostics)
          .filter(Boolean)
          .join('; ') || res.statusText;
      throw new FhirHttpError(res.status, message, res.headers.get('x-request-id') ?? undefined);
    }
    // 201: made now; 200: an Organization already holds this code (the conditional create found it).
    return { created: res.status === 201, organization: json as Organization };
  };
  return (f) => send(f, false);
}
