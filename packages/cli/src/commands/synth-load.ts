import { FhirError, handleFhir, SYSTEM_CALLER, type App, type Caller } from '@lienthong/server';
import { setImmediate } from 'node:timers/promises';
import type { Resource } from '@medplum/fhirtypes';
import { transactionBundle, type ProvincePart, type Sink } from '@lienthong/synth';

/** The generator, as named in the audit trail of everything it loads. */
const SYNTH_CALLER: Caller = { ...SYSTEM_CALLER, id: 'lienthong-synth', clientId: 'lienthong-synth' };

/**
 * Loads the province into the store through the FHIR transaction interaction
 * — the same validation, one write path and audit as a hospital's bundle —
 * about `size` resources per transaction (a resident is never split). On
 * PostgreSQL two transactions are in flight, so this process prepares the
 * next (validation, index rows) while the database writes the last; the
 * embedded database writes one at a time anyway.
 */
export class StoreSink implements Sink {
  private pending: ProvincePart[] = [];
  private pendingResources = 0;
  /** Transactions sent and not yet committed, oldest first. */
  private readonly inFlight: { done: Promise<void>; committed: boolean; residentsStored?: number }[] = [];
  private readonly maxInFlight: number;
  loaded = 0;

  constructor(
    private readonly app: App,
    private readonly size = 1000,
    /** Told after each commit how many residents are stored (to resume an interrupted load from there). */
    private readonly onCommitted?: (residentsStored: number) => void,
  ) {
    this.maxInFlight = app.db.kind === 'postgres' ? 2 : 1;
  }

  async write(part: ProvincePart): Promise<void> {
    this.pending.push(part);
    this.pendingResources += part.resources.length;
    if (this.pendingResources >= this.size) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    while (this.inFlight.length > 0) await this.inFlight[0]!.done;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const parts = this.pending;
    this.pending = [];
    this.pendingResources = 0;
    const residents = parts.flatMap((p) => (p.kind === 'resident' ? [p.life.resident.index] : []));
    const entry: (typeof this.inFlight)[number] = {
      done: Promise.resolve(),
      committed: false,
      ...(residents.length > 0 ? { residentsStored: residents[residents.length - 1]! + 1 } : {}),
    };
    entry.done = this.send(parts).then(() => {
      entry.committed = true;
      this.reportCommitted();
    });
    entry.done.catch(() => undefined); // awaited below or in close(); meanwhile not an unhandled rejection
    this.inFlight.push(entry);
    // A failed transaction stops the load: wait for the oldest when the pipe is full, and surface its error.
    while (this.inFlight.length >= this.maxInFlight) await this.inFlight[0]!.done;
    // Embedded PGlite answers without ever yielding to the event loop: give
    // a server in the same process (the demo) its turn between transactions.
    await setImmediate();
  }

  private async send(parts: ProvincePart[]): Promise<void> {
    const resources = parts.flatMap((p) => p.resources);
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
    if (response.status !== 200) throw new Error(`loading ${describe(parts)} failed with status ${response.status}`);
    this.loaded += resources.length;
  }

  /** Resumable progress is the prefix of transactions committed in order: a later one may commit first. */
  private reportCommitted(): void {
    while (this.inFlight[0]?.committed) {
      const { residentsStored } = this.inFlight.shift()!;
      if (residentsStored !== undefined) this.onCommitted?.(residentsStored);
    }
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
