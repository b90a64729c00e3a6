import { spawnSync } from 'node:child_process';

export interface CliRun {
  status: number;
  out: string;
  err: string;
}

/**
 * Runs `lienthong <args…>` from the sources, as a user would from a shell,
 * and waits for it: exit status, stdout and stderr. `env` replaces the
 * environment (a test's own DATABASE_URL or data directory).
 */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'packages/cli/src/run.ts', ...args],
    { ...(options.env ? { env: options.env } : {}), encoding: 'utf8', timeout: options.timeoutMs ?? 120_000 },
  );
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}
