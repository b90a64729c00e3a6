import { invalid } from './errors.js';

/** The JSON object of a request, or 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The body must be a JSON object (Content-Type: application/json)');
  }
  return body as Record<string, unknown>;
}

/** A string field: trimmed; undefined when absent; 400 when not a string, empty when required, or too long. */
export function stringField(
  body: Record<string, unknown>,
  name: string,
  options: { required?: boolean; max?: number } = {},
): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') {
    if (options.required) throw invalid(`${name} is required`, name);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`${name} must be a string`, name);
  const trimmed = value.trim();
  if (options.required && !trimmed) throw invalid(`${name} is required`, name);
  if (trimmed.length > (options.max ?? 200))
    throw invalid(`${name} is longer than ${options.max ?? 200} characters`, name);
  return trimmed || undefined;
}

/** Only these fields may appear: a typo ("organisationId") is an error, not a silent no-op. */
export function onlyFields(body: Record<string, unknown>, allowed: string[]): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length)
    throw invalid(`Unknown field(s): ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`, unknown[0]);
}
