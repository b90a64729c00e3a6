import { createApp, loadConfig } from '@lienthong/server';
import { ensureDemoSignIns } from './demo-accounts.js';

/**
 * `npm run demo`: the embedded database under ./data/demo, demo sign-ins,
 * then the server. The synthetic province arrives with its own issue; until
 * then the demo holds only the sign-ins and what you write to it.
 */
export async function demo(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write(
      'lienthong demo — start a demo server on the embedded database (./data/demo) with demo sign-ins\n',
    );
    return;
  }
  const base = loadConfig({ ...process.env, DATABASE_URL: '', LIENTHONG_DEMO: 'true', LIENTHONG_AUTH: 'on' });
  const config = { ...base, dataDir: `${base.dataDir}/demo` };
  const app = await createApp(config);
  const signIns = await ensureDemoSignIns(app);
  await app.listen();
  const stop = (): void => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const url = config.baseUrl;
  const lines = [
    '',
    'Liên Thông demo đang chạy · is running',
    `  Web/API:   ${url}`,
    `  FHIR:      ${url}/fhir   (CapabilityStatement: ${url}/fhir/metadata)`,
    `  SMART:     ${url}/fhir/.well-known/smart-configuration`,
    `  Dữ liệu:   ${config.dataDir} (embedded PostgreSQL)`,
    '',
    `Tài khoản demo · Demo sign-ins (mật khẩu / password: ${signIns.password})`,
    ...signIns.accounts.map((a) => `  ${a.username.padEnd(10)} ${a.role.padEnd(21)} ${a.name}`),
    '',
    'Máy khách hệ thống · Machine client (client_credentials, client_secret_basic):',
    `  client_id:     ${signIns.client.id}`,
    `  client_secret: ${signIns.client.secret}`,
    `  scope:         ${signIns.client.scope}`,
    '',
    'Lấy token · Get a token:',
    `  curl -s -u ${signIns.client.id}:${signIns.client.secret} -d grant_type=client_credentials \\`,
    `       -d 'scope=system/*.cruds' ${url}/oauth2/token`,
    '',
    'Demo credentials work only in demo mode; `npm start` refuses them.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
