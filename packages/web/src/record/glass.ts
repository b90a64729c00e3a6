/**
 * Emergency access the person opened in this tab, by master record id →
 * when it ends, so the record page can say so and close the record then.
 * In memory only: the server is what enforces the time limit.
 */
const until = new Map<string, string>();

export function rememberGlass(personId: string, expires: string): void {
  until.set(personId, expires);
}

export function glassUntil(personId: string): string | undefined {
  const expires = until.get(personId);
  if (expires && Date.parse(expires) > Date.now()) return expires;
  until.delete(personId);
  return undefined;
}
