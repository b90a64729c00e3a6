import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { importXml130Files, SYSTEM_CALLER, type App, type Caller, type VisitImportResult } from '@lienthong/server';
import { inChunks, inParallel } from '@lienthong/core';
import { DEFAULT_MAX_BYTES } from '@lienthong/xml130';
import { withApp } from './open-app.js';
import { countXmlFiles, xmlFiles } from './xml130-files.js';

const HELP = `lienthong import xml130 — import XML 130 files into the shared record

  lienthong import xml130 <files|dirs…> [--json] [--max-size MB] [--parallel N]

  Each visit (HOSO) is checked on its own and written through the one write path, up
  to ten visits per transaction; a visit with errors, or that the store refuses, is
  left out and leaves no trace, and the others go on. Importing the same file again
  changes nothing; an amended file gives new versions, and what the rows it no longer
  has made is removed (a line per such visit, and a count in the summary).
  --json prints one result per visit. --parallel: groups of fifty files imported at
  once (default 4 on PostgreSQL, 1 on the embedded database, which writes one
  transaction at a time).
  Exit status: 0 all imported or unchanged, 1 some visit or file failed, 2 the command
  was used wrongly.
`;

/** Files read and imported together, so that one-visit files share transactions. */
const FILES_PER_IMPORT = 50;

/** The operator's import, as named in the audit trail. */
const IMPORT_CALLER: Caller = { ...SYSTEM_CALLER, id: 'lienthong-import', clientId: 'lienthong-import' };

export interface ImportSummary {
  files: number;
  imported: number;
  unchanged: number;
  failed: number;
  /** Resources deleted because amended files no longer have the rows they were made from. */
  removed: number;
  errors: string[];
  /** One line per visit that removed resources, in file order. */
  removals: string[];
}

/** Imports the files, `parallel` groups of them at a time; `onFile` after each. Errors are listed in file order. */
export async function importXml130Paths(
  app: App,
  paths: readonly string[],
  options: { maxBytes?: number; parallel?: number } = {},
  onFile?: (path: string, visits: VisitImportResult[]) => void,
): Promise<ImportSummary> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const parallel = options.parallel ?? (app.db.kind === 'postgres' ? 4 : 1);
  const summary: ImportSummary = {
    files: 0,
    imported: 0,
    unchanged: 0,
    failed: 0,
    removed: 0,
    errors: [],
    removals: [],
  };
  const errorsByFile: string[][] = [];
  const removalsByFile: string[][] = [];
  let fileIndex = 0;
  const numbered = async function* () {
    for await (const file of xmlFiles(paths)) yield { ...file, index: fileIndex++ };
  };
  // Files go FILES_PER_IMPORT at a time: their visits then share transactions (importXml130Files).
  await inParallel(inChunks(numbered(), FILES_PER_IMPORT), parallel, async (chunk) => {
    const readable = chunk.filter((f) => f.size <= maxBytes);
    const results = await importXml130Files(
      app.services,
      IMPORT_CALLER,
      await Promise.all(readable.map((f) => readFile(f.path))),
      { maxBytes },
    );
    for (const { path, size, index } of chunk) {
      summary.files++;
      const errors: string[] = (errorsByFile[index] = []);
      const removals: string[] = (removalsByFile[index] = []);
      if (size > maxBytes) {
        summary.failed++;
        errors.push(`${path}: tệp lớn hơn ${maxBytes} byte · larger than ${maxBytes} bytes`);
        onFile?.(path, []);
        continue;
      }
      const result = results[readable.findIndex((f) => f.index === index)]!;
      if (result.problems.some((p) => p.severity === 'error')) {
        summary.failed++;
        errors.push(`${path}: ${result.problems.map((p) => `${p.message.vi} · ${p.message.en}`).join('; ')}`);
      }
      for (const v of result.visits) {
        summary[v.status]++;
        if (v.removed) {
          summary.removed += v.removed;
          removals.push(
            `${path} · MA_LK ${v.maLk || '?'}: đã xoá ${v.removed} tài nguyên vì tệp không còn dòng đã tạo ra chúng · removed ${v.removed} resource(s): the file no longer has their rows`,
          );
        }
        for (const p of v.problems) {
          const where = [p.table, p.row !== undefined ? `[${p.row}]` : '', p.field ? `.${p.field}` : ''].join('');
          errors.push(
            `${path} · MA_LK ${v.maLk || '?'}${where ? ` · ${where}` : ''}: ${p.message.vi} · ${p.message.en}`,
          );
        }
      }
      onFile?.(path, result.visits);
    }
  });
  summary.errors = errorsByFile.flat();
  summary.removals = removalsByFile.flat();
  return summary;
}

export async function importXml130(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      'max-size': { type: 'string' },
      parallel: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const maxBytes = values['max-size'] ? Number(values['max-size']) * 1024 * 1024 : DEFAULT_MAX_BYTES;
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)) {
    process.stderr.write('--parallel must be a whole number from 1 to 64\n');
    process.exitCode = 2;
    return;
  }
  const total = await countXmlFiles(positionals);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: '  {bar} {value}/{total} tệp · files · {visits} lượt khám · visits{removed}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0, { visits: 0, removed: '' });
  let visits = 0;
  let removed = 0;
  const results: { file: string; visits: VisitImportResult[] }[] = [];
  const summary = await withApp((app) =>
    importXml130Paths(app, positionals, { maxBytes, ...(parallel ? { parallel } : {}) }, (file, done) => {
      visits += done.length;
      removed += done.reduce((n, v) => n + (v.removed ?? 0), 0);
      if (values.json) results.push({ file, visits: done });
      // Removals are rare (amended files that dropped rows): named only once there are some.
      bar?.increment(1, { visits, removed: removed > 0 ? ` · ${removed} đã xoá · removed` : '' });
    }),
  );
  bar?.stop();
  if (values.json) process.stdout.write(`${JSON.stringify({ files: results, summary }, null, 2)}\n`);
  else {
    for (const line of [...summary.removals, ...summary.errors]) process.stdout.write(`${line}\n`);
    const removed = summary.removed > 0 ? ` · tài nguyên đã xoá · resources removed: ${summary.removed}` : '';
    process.stdout.write(
      `Tệp · files: ${summary.files} · lượt khám đã nhập · visits imported: ${summary.imported} · không đổi · unchanged: ${summary.unchanged}${removed} · lỗi · failed: ${summary.failed}\n`,
    );
  }
  if (summary.failed > 0) process.exitCode = 1;
}

/** `lienthong import <format> …`: today XML 130. */
export async function importCommand(args: string[]): Promise<void> {
  const [format, ...rest] = args;
  if (format === 'xml130') return importXml130(rest);
  if (format === undefined || format === 'help' || format === '--help' || format === '-h') {
    process.stdout.write(HELP);
    if (format === undefined) process.exitCode = 2;
    return;
  }
  process.stderr.write(`lienthong import: unknown format "${format}" (only xml130)\n\n${HELP}`);
  process.exitCode = 2;
}
