import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { DuplicatePair, Province } from '../model.js';
import type { ProvincePart } from '../parts.js';
import { violationsOf } from '../pharmacy.js';
import { FileWriter } from './file-writer.js';
import type { Sink } from './sink.js';

/**
 * The labelled truth that detectors are scored against: the injected
 * outbreaks, the true pairs of duplicate patients and the pharmacy sales that
 * broke the prescription rule.
 */
export class TruthSink implements Sink {
  private readonly pairs: FileWriter;
  private readonly violations: FileWriter;
  counts = { duplicatePairs: 0, pharmacyViolations: 0, outbreaks: 0 };

  constructor(private readonly dir: string) {
    this.pairs = new FileWriter(join(dir, 'duplicate-pairs.ndjson'));
    this.violations = new FileWriter(join(dir, 'pharmacy-violations.ndjson'));
  }

  async open(province: Province): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.counts.outbreaks = province.outbreaks.length;
    await writeFile(join(this.dir, 'outbreaks.json'), JSON.stringify(province.outbreaks, null, 2) + '\n');
  }

  async write(part: ProvincePart): Promise<void> {
    if (part.kind !== 'resident') return;
    const { resident, duplicates, sales } = part.life;
    for (const dup of duplicates) {
      const pair: DuplicatePair = {
        residentIndex: resident.index,
        original: resident.id,
        duplicate: dup.id,
        facilityCode: dup.facilityCode,
        variations: dup.variations,
      };
      await this.pairs.write(JSON.stringify(pair) + '\n');
      this.counts.duplicatePairs++;
    }
    for (const sale of sales) {
      for (const violation of violationsOf(sale)) {
        await this.violations.write(JSON.stringify(violation) + '\n');
        this.counts.pharmacyViolations++;
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pairs.close(), this.violations.close()]);
  }
}
