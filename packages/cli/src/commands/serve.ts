import { createApp, loadConfig } from '@lienthong/server';

export async function serve(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write('lienthong serve — start the server (configuration from the environment)\n');
    return;
  }
  const app = await createApp(loadConfig());
  await app.listen();
  const stop = (signal: string): void => {
    app.http.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.stdout.write(
    `Liên Thông is listening at ${app.config.baseUrl} (FHIR base ${app.config.baseUrl}/fhir, database: ${app.db.kind})\n`,
  );
}
