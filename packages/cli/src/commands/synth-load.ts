import { FhirError, handleFhir, SYSTEM_CALLER, type App, type Caller } from '@lienthong/server';
import { setImmediate } from 'node:timers/promises';
import type { Resource } from '@medplum/fhirtypes';
import { transactionBundle, type ProvincePart, type Sink } from '@lienthong/synth';

/** The generator, as named in the audit trail of everything it loads. */
const SYNTH_CALLER: Caller = { ...SYSTEM_CALLER, id: 'lienthong-synth', clientId: 'lienthong-synth' };

/**
 * Loads the province into the store through the FHIR transaction interaction
 * — the same validation, one write path and audit as a hospital's bundle —
 * about `size` resources per transaction (a resident is never split).
 */
export class StoreSink implements Sink {
  private pending: ProvincePart[] = [];
  private pendingResources = 0;
  loaded = 0;

  constructor(
    private readonly app: App,
    private readonly size = 1000,
    /** Told after each commit how many residents are stored (to resume an interrupted load from there). */
    private readonly onCommitted?: (residentsStored: number) => void,
  ) {}

  async write(part: ProvincePart): Promise<void> {
    this.pending.push(part);
    this.pendingResources += part.resources.length;
    if (this.pendingResources >= this.size) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const resources = this.pending.flatMap((p) => p.resources);
    const response = await handleFhir(this.app.services, {
      method: 'POST',
      caller: SYNTH_CALLER,
      path: '',
      query: [],
      headers: { prefer: 'return=minimal' },
      body: transactionBundle(resources),
    }).catch((err: unknown) => {
      throw err instanceof FhirError ? namingTheResource(err, resources) : err;
    });
    if (response.status !== 200) {
      throw new Error(`loading ${describe(this.pending)} failed with status ${response.status}`);
    }
    this.loaded += resources.length;
    const residents = this.pending.flatMap((p) => (p.kind === 'resident' ? [p.life.resident.index] : []));
    if (residents.length > 0) this.onCommitted?.(residents[residents.length - 1]! + 1);
    this.pending = [];
    this.pendingResources = 0;
    // Embedded PGlite answers without ever yielding to the event loop: give
    // a server in the same process (the demo) its turn between transactions.
    await setImmediate();
  }
}

function describe(parts: ProvincePart[]): string {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const name = (p: ProvincePart): string => (p.kind === 'shared' ? p.label : `resident ${p.life.resident.index}`);
  return first === last ? name(first) : `${name(first)} … ${name(last)}`;
}

/** "Bundle.entry[12]: …" says little to someone running the generator; name the resource instead. */
function namingTheResource(err: FhirError, resources: Resource[]): Error {
  const problems = err.outcome.issue
    .map((i) => `${i.details?.text ?? i.code}${i.expression ? ` (at ${i.expression.join(', ')})` : ''}`)
    .join('; ');
  const index = /Bundle\.entry\[(\d+)\]/.exec(problems)?.[1];
  const resource = index === undefined ? undefined : resources[Number(index)];
  const which = resource ? `${resource.resourceType}/${resource.id ?? '?'}` : 'a generated resource';
  return new Error(
    `the store refused ${which}: ${problems}\n(this is a bug of the generator: please report it with the seed and --residents)`,
  );
}
