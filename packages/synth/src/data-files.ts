import { readFileSync } from 'node:fs';

/**
 * Reads a file shipped in `packages/synth/data/`. The path is resolved from
 * this module, so it works the same from `src/` (tests, tsx) and `dist/`.
 * Callers keep what they parse in a module-level cache: each file is read once.
 */
export function readDataFile(name: string): string {
  return readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8').normalize('NFC');
}

/** Rows of a tab-separated file with a header line, as [text, count]. */
export function readCounts(name: string): [string, number][] {
  return readDataFile(name)
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [text = '', count = '0'] = line.split('\t');
      return [text.trim(), Number(count)];
    });
}
