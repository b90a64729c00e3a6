import { loadConfig, ConfigError, FhirError } from '@lienthong/server';
import { serve } from './commands/serve.js';
import { migrateCommand } from './commands/migrate.js';
import { demo } from './commands/demo.js';
import { users } from './commands/users.js';
import { clients } from './commands/clients.js';
import { audit } from './commands/audit.js';
import { synth } from './commands/synth.js';
import { xml130 } from './commands/xml130-check.js';
import { mpi } from './commands/mpi.js';
import { importCommand } from './commands/import-xml130.js';

const HELP = `lienthong — Liên Thông health information exchange

Usage: lienthong <command> [options]

Commands:
  serve       start the server on the configured database (PORT, DATABASE_URL, …)
  migrate     apply pending database migrations and exit
  demo        start the server on the embedded database with demo data and sign-ins
  users       manage people who sign in (list, add, passwd, disable, enable)
  clients     manage client systems (list, add, rotate, disable, enable)
  audit       verify the tamper-evident audit trail (audit verify)
  synth       generate the synthetic Đồng Nai province as files or into the database
  xml130      check XML 130 files against the decision's rules (xml130 check <files|dirs…>)
  import      import XML 130 files into the record (import xml130 <files|dirs…>)
  mpi         the master patient index: match what is not matched yet, de-duplicate (mpi dedup)
  help        show this help

Configuration is read from the environment; see docs/operations/configuration.md.
`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  serve,
  migrate: migrateCommand,
  demo,
  users,
  clients,
  audit,
  synth,
  xml130,
  import: importCommand,
  mpi,
};

export async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  try {
    await run(args);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof FhirError) {
      // A mistake in what was asked: say what, without a stack trace.
      process.stderr.write(`lienthong ${command}: ${err.message}\n`);
    } else if (err instanceof Error && err.message.startsWith('Unknown ')) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`lienthong ${command}: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  }
}

export { loadConfig };
