import { randomBytes } from 'node:crypto';
import { createApp, loadConfig, type App } from '@lienthong/server';

/** The server's services for a one-off command: no HTTP port, no job workers. */
export async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { jobs: false, logLevel: 'warn' });
  const app = await createApp(config);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** A strong random password for accounts created without one (shown once). */
export function generatePassword(): string {
  // 16 random bytes from the operating system's generator: 128 bits.
  return randomBytes(16).toString('base64url');
}
