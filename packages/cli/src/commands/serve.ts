import cluster from 'node:cluster';
import { createApp, loadConfig } from '@lienthong/server';

/**
 * `lienthong serve`. With LIENTHONG_WORKERS > 1 (PostgreSQL only) the port is
 * shared by that many processes, so request handling uses every core; they
 * coordinate through the database (migration lock, SKIP LOCKED jobs, one audit sealer).
 */
export async function serve(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write('lienthong serve — start the server (configuration from the environment)\n');
    return;
  }
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < config.workers; i++) cluster.fork();
    cluster.on('exit', (worker, code) => {
      // A worker that dies unexpectedly is replaced; a shutdown ends them all.
      if (!shuttingDown && code !== 0) cluster.fork();
    });
    let shuttingDown = false;
    const stopAll = (): void => {
      shuttingDown = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    };
    process.once('SIGTERM', stopAll);
    process.once('SIGINT', stopAll);
    process.stdout.write(`Liên Thông: ${config.workers} worker processes at ${config.baseUrl}\n`);
    return;
  }
  const app = await createApp(config);
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
  if (cluster.isPrimary) {
    process.stdout.write(
      `Liên Thông is listening at ${app.config.baseUrl} (FHIR base ${app.config.baseUrl}/fhir, database: ${app.db.kind})\n`,
    );
  }
}
