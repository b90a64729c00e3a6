import { foldText } from '@lienthong/core';
import type { App } from '@lienthong/server';
import { lifeOf, type Facility, type Province } from '@lienthong/synth';

export const DEMO_PASSWORD = 'LienThong-demo-2026';

/** One demo account per role (username, role, display name); the resident's name comes from the province. */
const STAFF: [string, string, string][] = [
  ['admin', 'administrator', 'Quản trị viên (demo)'],
  ['bacsi', 'clinician', 'BS. Nguyễn Thị Lan (demo)'],
  ['xetnghiem', 'laboratory', 'KTV Trần Văn Hùng (demo)'],
  ['nhathuoc', 'pharmacy', 'DS. Lê Thị Hoa (demo)'],
  ['giamsat', 'surveillance-officer', 'Cán bộ CDC Phạm Minh Tuấn (demo)'],
  ['tiemchung', 'immunization-officer', 'Cán bộ tiêm chủng Võ Thị Thu (demo)'],
  ['sothyte', 'department-analyst', 'Chuyên viên Sở Y tế Đặng Quốc Bảo (demo)'],
];

export interface DemoSignIns {
  accounts: { username: string; role: string; name: string; organization?: string }[];
  password: string;
  client: { id: string; secret: string; scope: string };
  /** A resident's name without diacritics, to show that search folds them. */
  examplePatientName: string;
}

/**
 * Creates the contract's demo sign-ins once (one account per role and a
 * full-access machine client), placed in the synthetic province: clinicians
 * at Đồng Nai General Hospital, the pharmacist at a pharmacy, public-health
 * officers at the provincial CDC; the resident account is the province's
 * first resident. They are marked demo: a normal
 * start refuses them.
 */
export async function ensureDemoSignIns(app: App, province: Province): Promise<DemoSignIns> {
  const hospital = province.facilityByCode.get('75001');
  const pharmacy = province.facilities.find((f) => f.kind === 'pharmacy');
  const cdc = province.facilities.find((f) => f.kind === 'provincial-centre' && f.name.includes('Kiểm soát bệnh tật'));
  if (!hospital || !pharmacy || !cdc)
    throw new Error('the synthetic province lacks its general hospital, CDC or pharmacies');
  // Where each role works; the administrator and the Department's analyst belong to no facility.
  const workplace: Record<string, Facility | undefined> = {
    clinician: hospital,
    laboratory: hospital,
    pharmacy,
    'surveillance-officer': cdc,
    'immunization-officer': cdc,
  };
  const resident = lifeOf(province, 0).resident;
  const fullName = [resident.name.family, resident.name.middle, resident.name.given].filter(Boolean).join(' ');
  const accounts = [
    ...STAFF.map(([username, role, name]) => ({
      username,
      role,
      name,
      organization: workplace[role],
    })),
    { username: 'nguoidan', role: 'resident', name: `${fullName} (demo)`, organization: undefined },
  ];
  if (!(await app.users.byUsername('admin'))) {
    for (const a of accounts) {
      await app.users.create({
        username: a.username,
        role: a.role,
        displayName: a.name,
        password: DEMO_PASSWORD,
        demo: true,
        ...(a.organization ? { organizationId: a.organization.id } : {}),
        ...(a.role === 'resident' ? { patientId: resident.id } : {}),
      });
    }
    await app.clients.register({
      clientId: 'demo-system',
      name: 'Demo machine client (full system access)',
      role: 'administrator',
      authMethod: 'client_secret_basic',
      scope: 'system/*.cruds',
      demo: true,
    });
  }
  return {
    accounts: accounts.map((a) => ({
      username: a.username,
      role: a.role,
      name: a.name,
      ...(a.organization ? { organization: a.organization.name } : {}),
    })),
    password: DEMO_PASSWORD,
    client: { id: 'demo-system', secret: (await app.clients.currentSecret('demo-system'))!, scope: 'system/*.cruds' },
    examplePatientName: foldText(fullName),
  };
}
