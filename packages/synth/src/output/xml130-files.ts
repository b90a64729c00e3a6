import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Province } from '../model.js';
import type { ProvincePart } from '../parts.js';
import { visitXml130, xml130FileName } from '../xml130/index.js';
import type { Sink } from './sink.js';

/**
 * One XML 130 file per visit, as the facility's HIS would send it to the
 * insurance agency, under `<facility code>/<yyyy-mm>/` so no folder holds
 * millions of files.
 */
export class Xml130Sink implements Sink {
  private province: Province | undefined;
  private readonly made = new Set<string>();
  files = 0;

  constructor(private readonly dir: string) {}

  open(province: Province): Promise<void> {
    this.province = province;
    return Promise.resolve();
  }

  async write(part: ProvincePart): Promise<void> {
    if (part.kind !== 'resident') return;
    const province = this.province;
    if (!province) throw new Error('Xml130Sink.write before open');
    for (const visit of part.life.visits) {
      const folder = join(this.dir, visit.facilityCode, visit.end.slice(0, 7));
      if (!this.made.has(folder)) {
        await mkdir(folder, { recursive: true });
        this.made.add(folder);
      }
      await writeFile(join(folder, xml130FileName(visit)), visitXml130(province, part.life, visit));
      this.files++;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
