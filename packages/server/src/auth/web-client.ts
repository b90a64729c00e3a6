import { FhirError } from '@lienthong/core';
import type { ClientStore } from './clients.js';

/** The web app's OAuth client (packages/web/src/auth/oauth.ts uses the same id). */
export const WEB_CLIENT_ID = 'lienthong-web';
export const WEB_CALLBACK_PATH = '/auth/callback';

/**
 * Where the web app may receive its authorization code: the public base URL,
 * and for a base on localhost its 127.0.0.1 twin (and back), since browsers
 * and people use both names for the same machine.
 */
export function webRedirectUris(baseUrl: string): string[] {
  const uris = [`${baseUrl}${WEB_CALLBACK_PATH}`];
  const url = new URL(baseUrl);
  const twin = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : undefined;
  if (twin) {
    url.hostname = twin;
    uris.push(`${url.origin}${url.pathname.replace(/\/$/, '')}${WEB_CALLBACK_PATH}`);
  }
  return uris;
}

/**
 * The server registers its own web app as a public client (authorization
 * code + PKCE, no secret: a browser cannot keep one) at every start, and
 * keeps its redirect URIs on the current base URL. What a person's token
 * holds comes from their role, not from this client (docs/security/access-policy.md),
 * so its role and scope matter only for listing. An operator who disabled it
 * keeps it disabled.
 */
export async function ensureWebClient(clients: ClientStore, baseUrl: string): Promise<void> {
  const uris = webRedirectUris(baseUrl);
  const existing = await clients.get(WEB_CLIENT_ID);
  if (!existing) {
    try {
      await clients.register({
        clientId: WEB_CLIENT_ID,
        name: 'Liên Thông web app',
        role: 'clinician',
        authMethod: 'none',
        redirectUris: uris,
        scope: 'user/*.cruds',
      });
    } catch (err) {
      // Another process of the same server registered it a moment earlier.
      if (!(err instanceof FhirError && err.status === 409)) throw err;
    }
    return;
  }
  const same = existing.redirectUris.length === uris.length && uris.every((u) => existing.redirectUris.includes(u));
  if (!same) await clients.setRedirectUris(WEB_CLIENT_ID, uris);
}
