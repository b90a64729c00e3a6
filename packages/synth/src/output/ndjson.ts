import { join } from 'node:path';
import type { ProvincePart } from '../parts.js';
import { FileWriter } from './file-writer.js';
import type { Sink } from './sink.js';

/** FHIR bulk-data style: one `<ResourceType>.ndjson` file per type, one resource per line. */
export class NdjsonSink implements Sink {
  private readonly files = new Map<string, FileWriter>();

  constructor(private readonly dir: string) {}

  async write(part: ProvincePart): Promise<void> {
    for (const resource of part.resources) {
      let file = this.files.get(resource.resourceType);
      if (!file) {
        file = new FileWriter(join(this.dir, `${resource.resourceType}.ndjson`));
        this.files.set(resource.resourceType, file);
      }
      await file.write(JSON.stringify(resource) + '\n');
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.close()));
  }
}
