import { loadConfig, openDb, migrate, sealAudit, verifyAudit } from '@lienthong/server';

const HELP = `lienthong audit — the tamper-evident audit trail

  lienthong audit verify    seal what is pending, then check every link of the hash chain;
                            exits 1 and lists each edited, deleted or reordered entry
`;

export async function audit(args: string[]): Promise<void> {
  const [sub] = args;
  if (sub !== 'verify') {
    process.stdout.write(HELP);
    if (sub && sub !== 'help' && sub !== '--help') process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    while ((await sealAudit(db)) > 0) {
      // seal everything committed so far
    }
    const started = Date.now();
    const result = await verifyAudit(db, (n) => process.stderr.write(`\r  checked ${n} entries…`));
    process.stderr.write('\n');
    process.stdout.write(`Checked ${result.checked} audit entries in ${Date.now() - started} ms.\n`);
    if (result.head) process.stdout.write(`Chain head: #${result.head.chainSeq} ${result.head.hash}\n`);
    if (result.problems.length === 0) {
      process.stdout.write('OK: no entry was edited, deleted or reordered. · Nhật ký toàn vẹn.\n');
      return;
    }
    process.stdout.write(`FOUND ${result.problems.length} PROBLEM(S) · Phát hiện sai lệch:\n`);
    for (const p of result.problems)
      process.stdout.write(`  #${p.chainSeq}${p.seq ? ` (row ${p.seq})` : ''}: ${p.problem}\n`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
