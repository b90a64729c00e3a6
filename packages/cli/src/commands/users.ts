import { parseArgs } from 'node:util';
import { ROLES } from '@lienthong/server';
import { generatePassword, withApp } from './open-app.js';

const HELP = `lienthong users — people who sign in

  lienthong users list
  lienthong users add --username <u> --name "<display name>" --role <role>
                      [--organization <Organization id>] [--patient <Patient id>]
                      [--password-stdin]      (else a strong password is generated and shown once)
  lienthong users passwd <username> [--password-stdin]
  lienthong users disable <username>
  lienthong users enable <username>

Roles: ${ROLES.join(', ')}
`;

export async function users(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (!sub || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      organization: { type: 'string' },
      patient: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (!sub || values.help || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return;
  }
  const password = async (): Promise<{ value: string; generated: boolean }> =>
    values['password-stdin']
      ? { value: (await readStdin()).trim(), generated: false }
      : { value: generatePassword(), generated: true };
  await withApp(async (app) => {
    switch (sub) {
      case 'list': {
        for (const u of await app.users.list()) {
          const flags = [u.disabled ? 'disabled' : '', u.demo ? 'demo' : ''].filter(Boolean).join(',');
          // The id is what the audit trail names (AuditEvent?agent=<id>).
          process.stdout.write(
            `${u.username}\t${u.role}\t${u.displayName}\t${u.organizationId ?? '-'}\t${u.id}\t${flags}\n`,
          );
        }
        return;
      }
      case 'add': {
        if (!values.username || !values.name || !values.role)
          throw new Error('add needs --username, --name and --role');
        const pw = await password();
        const user = await app.users.create({
          username: values.username,
          displayName: values.name,
          role: values.role,
          password: pw.value,
          ...(values.organization ? { organizationId: values.organization } : {}),
          ...(values.patient ? { patientId: values.patient } : {}),
        });
        process.stdout.write(`Created ${user.username} (${user.role}).\n`);
        if (pw.generated) process.stdout.write(`Password (shown once / mật khẩu chỉ hiện một lần): ${pw.value}\n`);
        return;
      }
      case 'passwd': {
        const username = positionals[0];
        if (!username) throw new Error('passwd needs a username');
        const pw = await password();
        await app.users.setPassword(username, pw.value);
        process.stdout.write(`Password changed for ${username}.\n`);
        if (pw.generated) process.stdout.write(`New password (shown once): ${pw.value}\n`);
        return;
      }
      case 'disable':
      case 'enable': {
        const username = positionals[0];
        if (!username) throw new Error(`${sub} needs a username`);
        await app.users.setDisabled(username, sub === 'disable');
        process.stdout.write(`${username} ${sub}d.\n`);
        return;
      }
      default:
        throw new Error(`Unknown users command "${sub}"\n\n${HELP}`);
    }
  });
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
