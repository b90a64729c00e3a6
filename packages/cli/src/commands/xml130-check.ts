import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import {
  BatchTally,
  checkXml130File,
  DEFAULT_MAX_BYTES,
  fileHasErrors,
  fileReportText,
  summaryText,
  tooLargeReport,
  type FileReport,
  type ReportLanguage,
} from '@lienthong/xml130';
import { countXmlFiles, xmlFiles } from './xml130-files.js';

const HELP = `lienthong xml130 check — check XML 130 files (Decision 130/QĐ-BYT, amended by 4750 and 3176) without importing them

  lienthong xml130 check <files|dirs…> [--json] [--lang vi|en] [--max-size MB]

  files, dirs     XML 130 files (the GIAMDINHHS envelope, or one bare table such as
                  TONG_HOP); directories are walked for *.xml, one file at a time
  --json          a JSON report on stdout: {"files": [one object per file, with
                  each visit's problems], "summary": {…}}
  --lang vi|en    messages in one language (default: Vietnamese, then English)
  --max-size MB   refuse larger files unread (default ${DEFAULT_MAX_BYTES / 1024 / 1024})

  Each problem names the table, row, field, value and rule; the rules are listed in
  docs/integrators/xml130-check.md. Exit status: 0 no errors (warnings allowed),
  1 some file or visit has errors, 2 the command was used wrongly.
`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  json: boolean;
  lang: ReportLanguage;
  maxBytes: number;
}

function options(args: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        lang: { type: 'string' },
        'max-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('name at least one file or directory to check');
  const lang = values.lang ?? 'both';
  if (lang !== 'vi' && lang !== 'en' && lang !== 'both') throw new UsageError(`--lang is vi or en, not "${lang}"`);
  const megabytes = Number(values['max-size'] ?? DEFAULT_MAX_BYTES / 1024 / 1024);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new UsageError(`--max-size is a number of megabytes above 0, not "${values['max-size']}"`);
  }
  return { paths: positionals, json: values.json ?? false, lang, maxBytes: Math.floor(megabytes * 1024 * 1024) };
}

/** `lienthong xml130 <subcommand>`: only `check` so far. */
export async function xml130(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'check') {
    process.stdout.write(HELP);
    if (sub !== undefined && sub !== 'help' && sub !== '--help' && sub !== '-h') process.exitCode = 2;
    return;
  }
  let opts: Options | 'help';
  try {
    opts = options(rest);
    if (opts !== 'help')
      for (const path of opts.paths)
        await stat(path).catch(() => Promise.reject(new UsageError(`no such file or directory: ${path}`)));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`lienthong xml130 check: ${err.message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return;
  }
  process.exitCode = (await check(opts)) ? 1 : 0;
}

/** Checks every file, writing each report as it is made; true when some file or visit has an error. */
async function check(opts: Options): Promise<boolean> {
  const tally = new BatchTally();
  const progress = process.stderr.isTTY ? await startProgress(opts.paths) : undefined;
  let failed = false;
  let first = true;
  // A reader that stops early (`… | head`) closes the pipe: stop quietly, with the status of what was checked.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    progress?.stop();
    process.exit(failed ? 1 : 0);
  });
  if (opts.json) process.stdout.write('{"files":[');
  try {
    for await (const { path, size } of xmlFiles(opts.paths)) {
      const report: FileReport =
        size > opts.maxBytes
          ? tooLargeReport(path, size, opts.maxBytes)
          : checkXml130File(path, await readFile(path), { maxBytes: opts.maxBytes });
      tally.add(report);
      failed ||= fileHasErrors(report);
      if (opts.json) {
        process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(report)}`);
        first = false;
      } else {
        const text = fileReportText(report, opts.lang);
        if (text) {
          progress?.clear();
          process.stdout.write(`${text}\n`);
        }
      }
      progress?.tick(report);
    }
  } finally {
    progress?.stop();
  }
  const summary = tally.summary();
  if (opts.json) process.stdout.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
  (opts.json ? process.stderr : process.stdout).write(summaryText(summary));
  return failed;
}

/** Files done, visits and visits with errors, on a terminal only. */
async function startProgress(paths: readonly string[]) {
  const total = await countXmlFiles(paths);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        '  {bar} {percentage}% · {value}/{total} files · {visits} visits · {failing} with errors · {rate} files/s',
      hideCursor: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let visits = 0;
  let failing = 0;
  let done = 0;
  bar.start(total, 0, { visits: 0, failing: 0, rate: '0' });
  return {
    tick(report: FileReport): void {
      done++;
      visits += report.summary.visits;
      failing += report.summary.visitsWithErrors;
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { visits, failing, rate: Math.round(done / Math.max(seconds, 0.001)).toLocaleString('en-US') });
    },
    /** Clears the bar's line so a report printed to stdout does not run into it. */
    clear(): void {
      process.stderr.write('\r\x1b[2K');
    },
    stop(): void {
      bar.stop();
    },
  };
}
