import { createApp, loadConfig } from '@lienthong/server';

/**
 * `npm run demo`: the embedded database under ./data/demo, then the server.
 * The synthetic province and demo sign-ins arrive with their issues; until
 * then the demo says so plainly instead of pretending.
 */
export async function demo(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write('lienthong demo — start a demo server on the embedded database (./data/demo)\n');
    return;
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: '' });
  const app = await createApp({ ...config, dataDir: `${config.dataDir}/demo` });
  await app.listen();
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  process.once('SIGINT', () => void app.close().then(() => process.exit(0)));
  process.stdout.write(
    [
      '',
      'Liên Thông demo is running',
      `  Web/API:  ${config.baseUrl}`,
      `  FHIR:     ${config.baseUrl}/fhir   (CapabilityStatement: ${config.baseUrl}/fhir/metadata)`,
      `  Data:     ${config.dataDir}/demo (embedded PostgreSQL)`,
      '',
      'Sign-ins: none yet. Sign-in and demo accounts (one per role, one machine client)',
      'arrive with the security issue; until then the API is open on this machine only.',
      '',
    ].join('\n'),
  );
}
