import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';

/** A FHIR request that failed, with what the server said (its OperationOutcome) for people to read. */
export class FhirHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** The network itself failed: no answer at all. */
export class NetworkError extends Error {}

export interface TokenSource {
  token(): string | undefined;
  /** Called once on a 401: a fresh token, or undefined when the session is over. */
  renew(): Promise<string | undefined>;
}

/** A small FHIR REST client on the same origin's /fhir, with the person's bearer token. */
export class FhirClient {
  constructor(private readonly tokens: TokenSource) {}

  get<T extends Resource = Resource>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  search<T extends Resource = Resource>(path: string): Promise<Bundle<T>> {
    return this.request<Bundle<T>>('GET', path);
  }

  post<T extends Resource = Resource>(path: string, body: Resource): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T extends Resource = Resource>(path: string, body: Resource): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /**
   * The server's paging links are absolute URLs on its configured base; the
   * app may be reached by another name (localhost, 127.0.0.1), so only the
   * path and query are followed, on this origin.
   */
  static relative(link: string): string {
    const url = new URL(link, location.origin);
    return `${url.pathname.replace(/^\/fhir\/?/, '')}${url.search}`;
  }

  private async request<T>(method: string, path: string, body?: Resource, retried = false): Promise<T> {
    const token = this.tokens.token();
    let res: Response;
    try {
      res = await fetch(`/fhir/${path}`, {
        method,
        headers: {
          accept: 'application/fhir+json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/fhir+json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new NetworkError('network');
    }
    if (res.status === 401 && !retried && (await this.tokens.renew())) {
      return this.request<T>(method, path, body, true);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      throw new FhirHttpError(
        res.status,
        outcomeText(json) || res.statusText,
        res.headers.get('x-request-id') ?? undefined,
      );
    }
    return json as T;
  }
}

function outcomeText(json: unknown): string {
  const outcome = json as OperationOutcome | undefined;
  if (outcome?.resourceType !== 'OperationOutcome') return '';
  return (outcome.issue ?? [])
    .map((i) => i.details?.text ?? i.diagnostics ?? i.code)
    .filter(Boolean)
    .join('; ');
}
