import { resolve } from 'node:path';

/**
 * The one configuration schema (docs/operations/configuration.md). Parsed once
 * at start from the environment; every bad key is reported together.
 */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  baseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxBodyBytes: number;
  allowUpdateCreate: boolean;
  dbPoolSize: number;
  /** Run the outbox dispatcher and job workers in this process. */
  jobs: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${key}="${raw}" must be true or false`);
    return fallback;
  };
  const port = int('PORT', 8080, 0, 65535);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = (env.LIENTHONG_LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LIENTHONG_LOG_LEVEL="${logLevel}" must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const baseUrl = (env.LIENTHONG_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) problems.push('LIENTHONG_BASE_URL must be an http(s) URL');
  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir: resolve(env.LIENTHONG_DATA_DIR || './data'),
    baseUrl,
    logLevel,
    maxBodyBytes: int('LIENTHONG_MAX_BODY_BYTES', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    allowUpdateCreate: bool('LIENTHONG_UPDATE_CREATE', true),
    dbPoolSize: int('LIENTHONG_DB_POOL_SIZE', 20, 1, 1000),
    jobs: bool('LIENTHONG_JOBS', true),
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The FHIR base URL (links, Location headers, fullUrl). */
export function fhirBase(config: Config): string {
  return `${config.baseUrl}/fhir`;
}
