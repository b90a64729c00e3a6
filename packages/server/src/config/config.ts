import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_THRESHOLDS } from '@lienthong/core';

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
  /** 'on' (default): every FHIR request needs an access token. 'off': local development only. */
  auth: 'on' | 'off';
  /** Demo mode: demo accounts and clients work; a normal start refuses them. */
  demo: boolean;
  /** Derives client secrets and cookie keys; generated and kept in the database when unset. */
  secretKey?: string;
  /** Origins allowed to call the API from a browser (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Sign-in and token requests per client address per minute. */
  authRateLimit: number;
  /** How long a visit or referral lets a facility read the patient's record. */
  careWindowDays: number;
  /** Server processes sharing the port (`serve` only; PostgreSQL only). */
  workers: number;
  /** Threads that validate resources under a sustained write load (0: validate on the main thread). */
  validationThreads: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits, audit). */
  trustProxy: boolean;
  /** Patient matching: match weights at or above which records are linked, or queued for review. */
  mpiLinkThreshold: number;
  mpiReviewThreshold: number;
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
  const logLevel = (env.LIENTHONG_LOG_LEVEL || 'info') as Config['logLevel'];
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
    auth: env.LIENTHONG_AUTH === 'off' ? 'off' : 'on',
    demo: bool('LIENTHONG_DEMO', false),
    ...secretKey(env, problems),
    corsOrigins: (env.LIENTHONG_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    authRateLimit: int('LIENTHONG_AUTH_RATE_LIMIT', 20, 1, 100_000),
    careWindowDays: int('LIENTHONG_CARE_WINDOW_DAYS', 90, 1, 3650),
    workers: int('LIENTHONG_WORKERS', 1, 1, 64),
    validationThreads: int('LIENTHONG_VALIDATION_THREADS', Math.min(4, availableParallelism() - 1), 0, 64),
    trustProxy: bool('LIENTHONG_TRUST_PROXY', false),
    mpiLinkThreshold: int('LIENTHONG_MPI_LINK_THRESHOLD', DEFAULT_THRESHOLDS.link, 1, 200),
    mpiReviewThreshold: int('LIENTHONG_MPI_REVIEW_THRESHOLD', DEFAULT_THRESHOLDS.review, 1, 200),
    ...overrides,
  };
  if (config.mpiReviewThreshold > config.mpiLinkThreshold) {
    problems.push('LIENTHONG_MPI_REVIEW_THRESHOLD must not be above LIENTHONG_MPI_LINK_THRESHOLD');
  }
  if (env.LIENTHONG_AUTH !== undefined && !['on', 'off', ''].includes(env.LIENTHONG_AUTH)) {
    problems.push(`LIENTHONG_AUTH="${env.LIENTHONG_AUTH}" must be on or off`);
  }
  if (config.auth === 'off' && !['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
    problems.push('LIENTHONG_AUTH=off is allowed only when HOST is 127.0.0.1, localhost or ::1 (local development)');
  }
  if (config.workers > 1 && !config.databaseUrl) {
    problems.push('LIENTHONG_WORKERS > 1 needs DATABASE_URL: the embedded database belongs to one process');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The FHIR base URL (links, Location headers, fullUrl). */
export function fhirBase(config: Config): string {
  return `${config.baseUrl}/fhir`;
}

/** The secret key from LIENTHONG_SECRET_KEY or the file named by LIENTHONG_SECRET_KEY_FILE. */
function secretKey(env: Env, problems: string[]): { secretKey?: string } {
  let value = env.LIENTHONG_SECRET_KEY;
  const file = env.LIENTHONG_SECRET_KEY_FILE;
  if (file) {
    try {
      value = readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`LIENTHONG_SECRET_KEY_FILE="${file}" cannot be read`);
    }
  }
  if (value === undefined || value === '') return {};
  if (value.length < 32) problems.push('LIENTHONG_SECRET_KEY must be at least 32 characters');
  return { secretKey: value };
}
