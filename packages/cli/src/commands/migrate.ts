import { loadConfig, migrate, openDb } from '@lienthong/server';

export async function migrateCommand(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write('lienthong migrate — apply pending migrations to DATABASE_URL (or the embedded database)\n');
    return;
  }
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(db);
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'The database is up to date.\n',
    );
  } finally {
    await db.close();
  }
}
