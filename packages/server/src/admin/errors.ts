import { FhirError } from '@lienthong/core';

/**
 * Errors of the administration API (/api/admin): plain JSON
 * `{ error, message, field? }`, not FHIR OperationOutcomes, because these
 * endpoints manage accounts and clients, not FHIR resources.
 * `error` is a stable code a program (and the web app) can switch on.
 */
export type AdminErrorCode = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'internal';

export interface AdminErrorBody {
  error: AdminErrorCode;
  message: string;
  field?: string;
}

const STATUS: Record<AdminErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  internal: 500,
};

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const invalid = (message: string, field?: string): AdminError => new AdminError('invalid', message, field);
export const notFound = (message: string): AdminError => new AdminError('not-found', message);
export const conflictWith = (message: string): AdminError => new AdminError('conflict', message);

/** Any error thrown by a handler (ours, the stores' FhirErrors, Fastify's) as a status and JSON body. */
export function adminErrorReply(err: unknown): { status: number; body: AdminErrorBody } {
  if (err instanceof AdminError) {
    return {
      status: err.status,
      body: { error: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) },
    };
  }
  if (err instanceof FhirError) {
    const code =
      (Object.entries(STATUS).find(([, s]) => s === err.status)?.[0] as AdminErrorCode | undefined) ?? 'invalid';
    const field = err.outcome.issue.find((i) => i.expression?.length)?.expression?.[0];
    return { status: err.status, body: { error: code, message: err.message, ...(field ? { field } : {}) } };
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return { status: 400, body: { error: 'invalid', message: 'The request body is empty' } };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, body: { error: 'invalid', message: 'The request body is larger than this server accepts' } };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: 'invalid', message: e.message ?? 'Bad request' } };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'Internal error; the request id in X-Request-Id identifies it in the logs' },
  };
}
