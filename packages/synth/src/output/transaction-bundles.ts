import { join } from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { ProvincePart } from '../parts.js';
import type { Sink } from './sink.js';

/**
 * FHIR transaction bundles of about `size` resources each (a part is never
 * split), numbered in load order: POST them to `/fhir` one after the other.
 * Entries are PUTs with the generator's ids, so loading twice changes nothing
 * but the version numbers.
 */
export class TransactionBundleSink implements Sink {
  private pending: Resource[] = [];
  private count = 0;

  constructor(
    private readonly dir: string,
    private readonly size = 500,
  ) {}

  async write(part: ProvincePart): Promise<void> {
    this.pending.push(...part.resources);
    if (this.pending.length >= this.size) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.count++;
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `bundle-${String(this.count).padStart(6, '0')}.json`);
    await writeFile(file, JSON.stringify(transactionBundle(this.pending)) + '\n');
    this.pending = [];
  }
}

/** A transaction that stores each resource under its own id (PUT). */
export function transactionBundle(resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id!}` },
    })),
  };
}
