import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROLES } from '@lienthong/server';
import { withApp } from './open-app.js';

const HELP = `lienthong clients — systems that call the API

  lienthong clients list
  lienthong clients add --name "<name>" --role <role> --scope "<SMART scopes>"
                        [--organization <Organization id>] [--id <client id>]
                        (--jwks <file.json>          SMART Backend Services, private_key_jwt
                        | --secret                   client_secret_basic; the secret is shown once
                        | --redirect-uri <url> ...)  a browser or mobile app (public, PKCE)
  lienthong clients rotate <client id> [--jwks <file.json>]   new secret, or new public keys
  lienthong clients disable <client id>
  lienthong clients enable <client id>

Example: lienthong clients add --name "HIS BV Đa khoa Đồng Nai" --role facility-system \\
           --organization bv-dk-dong-nai --scope "system/*.cruds" --jwks his-public-keys.json
Roles: ${ROLES.join(', ')}
`;

export async function clients(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (!sub || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      organization: { type: 'string' },
      jwks: { type: 'string' },
      secret: { type: 'boolean' },
      'redirect-uri': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (!sub || values.help || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return;
  }
  const jwks = values.jwks ? (JSON.parse(readFileSync(values.jwks, 'utf8')) as { keys: object[] }) : undefined;
  await withApp(async (app) => {
    switch (sub) {
      case 'list':
        for (const c of await app.clients.list()) {
          const flags = [c.disabled ? 'disabled' : '', c.demo ? 'demo' : ''].filter(Boolean).join(',');
          process.stdout.write(`${c.clientId}\t${c.role}\t${c.authMethod}\t${c.scope}\t${c.name}\t${flags}\n`);
        }
        return;
      case 'add': {
        if (!values.name || !values.role || !values.scope) throw new Error('add needs --name, --role and --scope');
        const authMethod = jwks ? 'private_key_jwt' : values.secret ? 'client_secret_basic' : 'none';
        const { client, secret } = await app.clients.register({
          name: values.name,
          role: values.role,
          scope: values.scope,
          authMethod,
          ...(values.id ? { clientId: values.id } : {}),
          ...(values.organization ? { organizationId: values.organization } : {}),
          ...(jwks ? { jwks } : {}),
          ...(values['redirect-uri'] ? { redirectUris: values['redirect-uri'] } : {}),
        });
        process.stdout.write(`Registered client ${client.clientId} (${authMethod}).\n`);
        if (secret) process.stdout.write(`Client secret (shown once / chỉ hiện một lần): ${secret}\n`);
        return;
      }
      case 'rotate': {
        const id = positionals[0];
        if (!id) throw new Error('rotate needs a client id');
        const { secret } = await app.clients.rotate(id, jwks);
        process.stdout.write(secret ? `New client secret (shown once): ${secret}\n` : `New keys stored for ${id}.\n`);
        return;
      }
      case 'disable':
      case 'enable': {
        const id = positionals[0];
        if (!id) throw new Error(`${sub} needs a client id`);
        await app.clients.setDisabled(id, sub === 'disable');
        process.stdout.write(`${id} ${sub}d.\n`);
        return;
      }
      default:
        throw new Error(`Unknown clients command "${sub}"\n\n${HELP}`);
    }
  });
}
