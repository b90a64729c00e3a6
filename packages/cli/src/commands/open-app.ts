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
  const words = ['song', 'dong', 'nai', 'lua', 'sen', 'tre', 'mua', 'nang', 'gio', 'bien', 'nui', 'cay'];
  const pick = (): string => words[Math.floor(Math.random() * words.length)]!;
  const digits = String(Math.floor(1000 + Math.random() * 9000));
  return `${pick()}-${pick()}-${pick()}-${digits}-${Math.random().toString(36).slice(2, 8)}`;
}
