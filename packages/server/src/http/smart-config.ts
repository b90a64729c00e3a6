/**
 * /fhir/.well-known/smart-configuration (SMART App Launch v2 §2.1): where to
 * get tokens, and what this server supports — only what really works.
 */
export function smartConfiguration(baseUrl: string): Record<string, unknown> {
  const oauth = `${baseUrl}/oauth2`;
  return {
    issuer: oauth,
    jwks_uri: `${oauth}/jwks`,
    authorization_endpoint: `${oauth}/authorize`,
    token_endpoint: `${oauth}/token`,
    introspection_endpoint: `${oauth}/introspect`,
    revocation_endpoint: `${oauth}/revoke`,
    userinfo_endpoint: `${oauth}/userinfo`,
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'none'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'ES256', 'ES384'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [
      'openid',
      'profile',
      'fhirUser',
      'offline_access',
      'launch/patient',
      'patient/*.rs',
      'user/*.cruds',
      'user/*.rs',
      'system/*.cruds',
      'system/*.rs',
      'patient/*.read',
      'user/*.read',
      'user/*.write',
      'system/*.read',
      'system/*.write',
    ],
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'sso-openid-connect',
      'permission-offline',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
    ],
  };
}
