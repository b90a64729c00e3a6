/**
 * PostgreSQL prints timestamptz as "2024-05-01 10:00:00.123+00"; we hand the
 * rest of the system ISO 8601 UTC instants ("2024-05-01T10:00:00.123Z").
 */
export function timestampToIso(value: string): string {
  if (value === 'infinity' || value === '-infinity') return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
