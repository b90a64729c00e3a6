import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files named on the command line, directories walked depth first in
 * name order (so two runs list the same files in the same order). Named
 * files are taken whatever their extension; inside directories only
 * `*.xml`. Paths come one at a time: a directory of a million files is
 * never listed whole in memory.
 */
export async function* xmlFiles(paths: readonly string[]): AsyncGenerator<{ path: string; size: number }> {
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) yield* walk(path);
    else yield { path, size: info.size };
  }
}

async function* walk(dir: string): AsyncGenerator<{ path: string; size: number }> {
  // One directory's names are sorted in memory; HIS exports put at most a month of one facility in one folder.
  const entries: { name: string; directory: boolean }[] = [];
  for await (const entry of await opendir(dir)) {
    if (entry.isDirectory()) entries.push({ name: entry.name, directory: true });
    else if (entry.isFile() && /\.xml$/i.test(entry.name)) entries.push({ name: entry.name, directory: false });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.directory) yield* walk(path);
    else yield { path, size: (await stat(path)).size };
  }
}

/** How many files xmlFiles will give (a first pass for the progress bar; names only, nothing read). */
export async function countXmlFiles(paths: readonly string[]): Promise<number> {
  let n = 0;
  for await (const _ of xmlFiles(paths)) n++;
  return n;
}
