import { importJWK, type JWK } from 'jose';
import { invalid } from './errors.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);
const MAX_KEYS = 10;

/**
 * Checks the JWKS a private_key_jwt client registers: public RSA, EC or
 * OKP keys that parse, each with a kid. A private key pasted by mistake is
 * refused outright (and never stored): it must stay with the client.
 */
export async function checkPublicJwks(value: unknown): Promise<{ keys: JWK[] }> {
  const jwks = value as { keys?: unknown } | undefined;
  if (!jwks || typeof jwks !== 'object' || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw invalid('jwks must be a JSON Web Key Set: { "keys": [ … ] } with at least one public key', 'jwks');
  }
  if (jwks.keys.length > MAX_KEYS) throw invalid(`jwks: at most ${MAX_KEYS} keys`, 'jwks');
  const keys: JWK[] = [];
  for (const [i, key] of (jwks.keys as unknown[]).entries()) {
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid(`jwks.keys[${i}] is not a key`, 'jwks');
    const jwk = key as JWK;
    if (PRIVATE_MEMBERS.some((m) => m in jwk)) {
      throw invalid(`jwks.keys[${i}] holds a private or secret key: register only the public key`, 'jwks');
    }
    if (!jwk.kty || !KEY_TYPES.has(jwk.kty)) throw invalid(`jwks.keys[${i}]: kty must be RSA, EC or OKP`, 'jwks');
    if (!jwk.kid) throw invalid(`jwks.keys[${i}] needs a kid (key id), so a key can be replaced later`, 'jwks');
    try {
      await importJWK(jwk, jwk.alg ?? defaultAlg(jwk));
    } catch (err) {
      throw invalid(`jwks.keys[${i}] (${jwk.kid}) is not a usable public key: ${(err as Error).message}`, 'jwks');
    }
    keys.push(jwk);
  }
  return { keys };
}

function defaultAlg(jwk: JWK): string {
  if (jwk.kty === 'RSA') return 'RS384';
  if (jwk.kty === 'OKP') return 'EdDSA';
  return jwk.crv === 'P-256' ? 'ES256' : jwk.crv === 'P-521' ? 'ES512' : 'ES384';
}
