// The server under test, started by the benchmarks as a child process
// (node --conditions=development --import tsx bench/server.ts): the real
// createApp on the configuration from the environment, nothing else. With
// LIENTHONG_WORKERS > 1 it forks that many workers sharing the port, as
// `lienthong serve` does.
import cluster from 'node:cluster';
import { createApp, loadConfig } from '@lienthong/server';

const config = loadConfig();
const workers = config.workers ?? 1;
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  const stopAll = (): void => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once('SIGTERM', stopAll);
  process.once('SIGINT', stopAll);
} else {
  const app = await createApp(config);
  await app.listen();
  process.stdout.write(`listening ${app.config.baseUrl} (${app.db.kind})\n`);
  const stop = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
