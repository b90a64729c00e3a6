/**
 * Names the FHIR interaction of a request, for metrics labels
 * (bounded cardinality: never ids or query values).
 */
export function interactionOf(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  const [first, second, third, fourth] = parts;
  if (!first) return method === 'POST' ? 'bundle' : 'other';
  if (first === 'metadata') return 'capabilities';
  if (first === '.well-known') return 'discovery';
  if (first.startsWith('$') || second?.startsWith('$') || third?.startsWith('$')) return 'operation';
  if (first === '_history' || second === '_history') return 'history';
  if (parts.length === 1) {
    return (
      ({ GET: 'search', HEAD: 'search', POST: 'create', PUT: 'update', DELETE: 'delete' } as Record<string, string>)[
        method
      ] ?? 'other'
    );
  }
  if (second === '_search') return 'search';
  if (parts.length === 2) {
    return (
      ({ GET: 'read', HEAD: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[
        method
      ] ?? 'other'
    );
  }
  if (third === '_history') return fourth ? 'vread' : 'history';
  return 'search';
}
