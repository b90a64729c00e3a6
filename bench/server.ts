// The server under test, started by the benchmarks as a child process
// (node --conditions=development --import tsx bench/server.ts): the real
// createApp on the configuration from the environment, nothing else.
import { createApp, loadConfig } from '@lienthong/server';

const app = await createApp(loadConfig());
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
