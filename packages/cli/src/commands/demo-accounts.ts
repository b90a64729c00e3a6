import type { App } from '@lienthong/server';

export const DEMO_PASSWORD = 'LienThong-demo-2026';
const DEMO_ORG = 'demo-bv-dk-dong-nai';

/** One demo account per role (username, role, display name). */
const ACCOUNTS: [string, string, string][] = [
  ['admin', 'administrator', 'Quản trị viên (demo)'],
  ['bacsi', 'clinician', 'BS. Nguyễn Thị Lan (demo)'],
  ['xetnghiem', 'laboratory', 'KTV Trần Văn Hùng (demo)'],
  ['nhathuoc', 'pharmacy', 'DS. Lê Thị Hoa (demo)'],
  ['giamsat', 'surveillance-officer', 'Cán bộ CDC Phạm Minh Tuấn (demo)'],
  ['tiemchung', 'immunization-officer', 'Cán bộ tiêm chủng Võ Thị Thu (demo)'],
  ['sothyte', 'department-analyst', 'Chuyên viên Sở Y tế Đặng Quốc Bảo (demo)'],
  ['nguoidan', 'resident', 'Nguyễn Văn An (demo)'],
];

export interface DemoSignIns {
  accounts: { username: string; role: string; name: string }[];
  password: string;
  client: { id: string; secret: string; scope: string };
}

/**
 * Creates the contract's demo sign-ins once (one account per role and a
 * full-access machine client). They are marked demo: a normal start refuses them.
 */
export async function ensureDemoSignIns(app: App): Promise<DemoSignIns> {
  const { store } = app.services;
  if (!(await app.users.byUsername('admin'))) {
    await store.write({
      resourceType: 'Organization',
      id: DEMO_ORG,
      method: 'PUT',
      resource: {
        resourceType: 'Organization',
        id: DEMO_ORG,
        active: true,
        identifier: [{ system: 'http://fhir.lienthong.vn/sid/ma-cskcb', value: '75001' }],
        name: 'Bệnh viện Đa khoa Đồng Nai',
      },
    });
    const patient = await store.write({
      resourceType: 'Patient',
      method: 'POST',
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'http://fhir.lienthong.vn/sid/cccd', value: '075080001234' }],
        name: [{ family: 'Nguyễn', given: ['Văn', 'An'], text: 'Nguyễn Văn An' }],
        gender: 'male',
        birthDate: '1980-05-02',
      },
    });
    for (const [username, role, name] of ACCOUNTS) {
      await app.users.create({
        username,
        role,
        displayName: name,
        password: DEMO_PASSWORD,
        demo: true,
        ...(role === 'resident' ? { patientId: patient.resource.id! } : { organizationId: DEMO_ORG }),
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
    accounts: ACCOUNTS.map(([username, role, name]) => ({ username, role, name })),
    password: DEMO_PASSWORD,
    client: { id: 'demo-system', secret: (await app.clients.currentSecret('demo-system'))!, scope: 'system/*.cruds' },
  };
}
