/**
 * SMART on FHIR scopes, v2 (`patient/Observation.rs`) and v1
 * (`patient/Observation.read`), https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
export type ScopeContext = 'patient' | 'user' | 'system';
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ScopeGrant {
  context: ScopeContext;
  /** A resource type, or '*'. */
  type: string;
  permissions: ReadonlySet<Permission>;
}

const ORDER: Permission[] = ['c', 'r', 'u', 'd', 's'];
const SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;

/** Parses the resource scopes of a scope string; other scopes (openid, …) are ignored. */
export function parseScopes(scope: string): ScopeGrant[] {
  const grants: ScopeGrant[] = [];
  for (const token of scope.split(/\s+/)) {
    // Granular v2 scopes with a query (…rs?category=…) are not honoured: ignoring
    // them can only take rights away, never add them.
    const m = SCOPE.exec(token);
    if (!m || m[3] === '') continue;
    grants.push({ context: m[1] as ScopeContext, type: m[2]!, permissions: permissionsOf(m[3]!) });
  }
  return grants;
}

function permissionsOf(p: string): Set<Permission> {
  if (p === 'read') return new Set(['r', 's']);
  if (p === 'write') return new Set(['c', 'u', 'd']);
  if (p === '*') return new Set(ORDER);
  return new Set(p.split('') as Permission[]);
}

/** The contexts in which the grants allow `permission` on `type` (empty: not allowed). */
export function contextsAllowing(grants: ScopeGrant[], type: string, permission: Permission): Set<ScopeContext> {
  const out = new Set<ScopeContext>();
  for (const g of grants) {
    if ((g.type === '*' || g.type === type) && g.permissions.has(permission)) out.add(g.context);
  }
  return out;
}

/**
 * Every scope string a client configured with `allowed` may ask for: the
 * subsets of its permissions, v1 and v2 spellings, for each type it covers.
 * The OAuth server compares requested scopes against this list.
 */
export function expandAllowedScopes(allowed: string, resourceTypes: Iterable<string>): string[] {
  const out = new Set<string>();
  const types = [...resourceTypes];
  for (const g of parseScopes(allowed)) {
    const permissionSets = subsets(ORDER.filter((p) => g.permissions.has(p)));
    for (const type of g.type === '*' ? ['*', ...types] : [g.type]) {
      for (const set of permissionSets) out.add(`${g.context}/${type}.${set.join('')}`);
      if (g.permissions.has('r') && g.permissions.has('s')) out.add(`${g.context}/${type}.read`);
      if (g.permissions.has('c') && g.permissions.has('u') && g.permissions.has('d'))
        out.add(`${g.context}/${type}.write`);
      if (ORDER.every((p) => g.permissions.has(p))) out.add(`${g.context}/${type}.*`);
    }
  }
  return [...out];
}

function subsets(items: Permission[]): Permission[][] {
  const out: Permission[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

/**
 * The part of each requested resource scope that `ceiling` allows: a
 * pharmacist asking for `user/*.cruds` gets `user/MedicationRequest.rs …`,
 * not nothing (SMART lets a server grant less than was asked).
 */
export function narrowScopes(requested: string[], ceiling: string): string[] {
  const limits = parseScopes(ceiling);
  const out = new Set<string>();
  for (const g of parseScopes(requested.join(' '))) {
    for (const r of limits) {
      if (r.context !== g.context) continue;
      if (g.type !== '*' && r.type !== '*' && g.type !== r.type) continue;
      const type = g.type === '*' ? r.type : g.type;
      const permissions = ORDER.filter((p) => g.permissions.has(p) && r.permissions.has(p));
      if (permissions.length > 0) out.add(`${g.context}/${type}.${permissions.join('')}`);
    }
  }
  return [...out];
}
