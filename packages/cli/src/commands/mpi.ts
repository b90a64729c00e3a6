import { withApp } from './open-app.js';

const HELP = `lienthong mpi — the master patient index (docs/integrators/mpi.md)

  lienthong mpi dedup    match every Patient the index does not know yet (written while
                         matching was off), then run a full de-duplication pass with the
                         configured thresholds and rebuild the master records it changed

Run it after a bulk load with LIENTHONG_JOBS=false, or after changing
LIENTHONG_MPI_LINK_THRESHOLD / LIENTHONG_MPI_REVIEW_THRESHOLD. Steward decisions stand.
`;

/** A progress line on stderr: redrawn in place on a terminal, every few seconds in a log. */
function progress(): (stage: string, done: number) => void {
  let last = 0;
  return (stage, done) => {
    const now = performance.now();
    if (now - last < (process.stderr.isTTY ? 200 : 5000)) return;
    last = now;
    const line = `  ${stage}: ${done.toLocaleString('en-US')}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(60)}` : `${line}\n`);
  };
}

export async function mpi(args: string[]): Promise<void> {
  const [sub] = args;
  if (sub !== 'dedup') {
    process.stdout.write(HELP);
    if (sub && sub !== 'help' && sub !== '--help') process.exitCode = 2;
    return;
  }
  // Matching from change events stays off (withApp): this command does the matching itself.
  await withApp(async (app) => {
    const show = progress();
    const started = performance.now();
    const indexed = await app.mpi.indexMissing((n) => show('records matched', n));
    const summary = await app.mpi.dedup(show);
    if (process.stderr.isTTY) process.stderr.write('\n');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      [
        `Chỉ mục bệnh nhân · Patient index (${seconds} s):`,
        `  records newly matched      ${indexed.toLocaleString('en-US')}`,
        `  records in the index       ${summary.records.toLocaleString('en-US')}`,
        `  pairs scored               ${summary.pairsScored.toLocaleString('en-US')}`,
        `  persons                    ${summary.persons.toLocaleString('en-US')}`,
        `  records moved by the pass  ${summary.moved.toLocaleString('en-US')}`,
        `  master records rebuilt     ${summary.changedPersons.length.toLocaleString('en-US')}`,
        `  pairs queued for review    ${summary.reviews.toLocaleString('en-US')}`,
        '',
      ].join('\n'),
    );
  });
}
