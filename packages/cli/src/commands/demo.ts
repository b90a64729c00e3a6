import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, createApp, loadConfig, type App, type Config } from '@lienthong/server';
import { buildProvince, generateProvince, TruthSink, type Period, type Province } from '@lienthong/synth';
import { ensureDemoSignIns, type DemoSignIns } from './demo-accounts.js';
import { runSynth } from './synth.js';
import { StoreSink } from './synth-load.js';

const HELP = `lienthong demo — the demo: a synthetic Đồng Nai province in the embedded database, demo sign-ins, the server

  lienthong demo [--residents N] [--seed S] [--fresh]

  --residents N   size of the synthetic province (default 20000)
  --seed S        its seed (default 75)
  --fresh         throw away the demo database (./data/demo) and generate again;
                  without it a second run reuses the province already loaded
`;

export async function demo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      residents: { type: 'string' },
      seed: { type: 'string' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const residents = Number(values.residents ?? '20000');
  if (!Number.isInteger(residents) || residents < 1) {
    throw new ConfigError([`--residents must be a whole number, not "${values.residents}"`]);
  }
  const base = loadConfig({ ...process.env, DATABASE_URL: '', LIENTHONG_DEMO: 'true', LIENTHONG_AUTH: 'on' });
  const config: Config = { ...base, dataDir: `${base.dataDir}/demo` };
  const provinceDir = join(config.dataDir, 'province');
  const manifest = join(provinceDir, 'manifest.json');
  if (values.fresh) rmSync(config.dataDir, { recursive: true, force: true });
  else if (!existsSync(manifest) && existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) {
    // The manifest is written last: without it an earlier load was cut short.
    process.stderr.write('The demo database holds an unfinished province; starting again.\n');
    rmSync(config.dataDir, { recursive: true, force: true });
  }

  const saved = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { seed: string; residents: number; period: Period })
    : undefined;
  // Another size or seed needs another database: say so rather than mix two provinces.
  if (saved && values.residents !== undefined && residents !== saved.residents) {
    throw new ConfigError([
      `the demo database holds a province of ${saved.residents} residents; add --fresh to generate another`,
    ]);
  }
  if (saved && values.seed !== undefined && values.seed !== saved.seed) {
    throw new ConfigError([
      `the demo database holds the province of seed ${saved.seed}; add --fresh to generate another`,
    ]);
  }
  const province = saved
    ? buildProvince(saved)
    : buildProvince({ seed: values.seed ?? '75', residents, period: lastTwelveMonths(new Date()) });
  const app = await createApp(config);
  // Background consumers (patient matching above all) wait until the server
  // answers: on the one embedded connection they would slow the people stage.
  await app.queue.stop();
  try {
    if (!existsSync(manifest)) {
      process.stderr.write(
        `Đang tạo tỉnh tổng hợp · Generating a synthetic province of ${residents.toLocaleString('en-US')} residents (seed ${province.seed})…\n`,
      );
      await runSynth(province, [new TruthSink(join(provinceDir, 'truth')), new StoreSink(app)], provinceDir, {
        stage: 'people',
      });
    } else {
      process.stderr.write(`Reusing the province in ${config.dataDir} (--fresh to generate it again).\n`);
    }
    const signIns = await ensureDemoSignIns(app, province);
    await app.listen();
    if (config.jobs) app.startJobs();
    let stopping = false;
    const stop = (): void => {
      stopping = true;
      void app.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.stdout.write(banner(config, signIns, province));
    void loadHistories(app, province, join(provinceDir, 'histories.json'), () => stopping);
  } catch (err) {
    await app.close();
    throw err;
  }
}

/**
 * The residents' histories (visits, results, prescriptions, vaccinations,
 * sales) load while the server already answers: they are most of the
 * province and would keep a newcomer waiting for minutes. Small transactions
 * keep the embedded database responsive; `histories.json` records how far
 * the load got, so a stopped demo resumes where it was.
 */
async function loadHistories(
  app: App,
  province: Province,
  progressFile: string,
  stopping: () => boolean,
): Promise<void> {
  const saved = existsSync(progressFile)
    ? (JSON.parse(readFileSync(progressFile, 'utf8')) as { residentsStored: number; done: boolean })
    : { residentsStored: 0, done: false };
  if (saved.done) return;
  const say = (text: string): void => void process.stderr.write(`[lịch sử · histories] ${text}\n`);
  const record = (residentsStored: number, done = false): void =>
    writeFileSync(progressFile, JSON.stringify({ residentsStored, done }) + '\n');
  say(
    `loading the residents' visits, results, prescriptions and vaccinations in the background` +
      (saved.residentsStored > 0 ? `, from resident ${saved.residentsStored}` : ''),
  );
  const started = performance.now();
  let lastSaid = started;
  try {
    const summary = await generateProvince(province, [new StoreSink(app, 50, (n) => record(n))], {
      stage: 'histories',
      fromResident: saved.residentsStored,
      onProgress: ({ residentsDone, residents, resources }) => {
        const now = performance.now();
        if (now - lastSaid < 15_000) return;
        lastSaid = now;
        const seconds = (now - started) / 1000;
        const done = residentsDone - saved.residentsStored;
        const left =
          done > 0 ? ` about ${Math.ceil(((residents - residentsDone) * seconds) / done / 60)} min left` : '';
        say(
          `${residentsDone.toLocaleString('en-US')}/${residents.toLocaleString('en-US')} residents, ` +
            `${Math.round(resources / seconds)} resources/s,${left}`,
        );
      },
    });
    record(province.residents, true);
    say(
      `done: ${summary.resources.toLocaleString('en-US')} resources in ${Math.round((performance.now() - started) / 1000)} s`,
    );
  } catch (err) {
    // Stopping the demo closes the database under the load; anything else is worth reporting.
    if (!stopping()) say(`stopped: ${(err as Error).message}`);
  }
}

/**
 * The twelve full months before this one (Vietnam time): the demo's visits
 * are recent, so its clinicians' care relationships (which last a while
 * after a visit) are open whenever the demo is generated.
 */
function lastTwelveMonths(now: Date): Period {
  const vietnam = new Date(now.getTime() + 7 * 3_600_000);
  const firstOfThisMonth = Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth(), 1);
  const to = new Date(firstOfThisMonth - 86_400_000);
  const from = new Date(Date.UTC(vietnam.getUTCFullYear() - 1, vietnam.getUTCMonth(), 1));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

function banner(config: Config, signIns: DemoSignIns, province: Province): string {
  const url = config.baseUrl;
  return [
    '',
    'Liên Thông demo đang chạy · is running',
    `  Web app:   ${url}/   (ứng dụng web · sign in with an account below)`,
    `  FHIR:      ${url}/fhir   (CapabilityStatement: ${url}/fhir/metadata)`,
    `  SMART:     ${url}/fhir/.well-known/smart-configuration`,
    `  Dữ liệu:   ${config.dataDir} (embedded PostgreSQL): ${province.residents.toLocaleString('en-US')} synthetic residents,`,
    `             ${province.facilities.length} facilities; labelled truth in ${config.dataDir}/province/truth`,
    '             Everyone is registered now; their histories load in the background (progress below).',
    '',
    `Tài khoản demo · Demo sign-ins (mật khẩu / password: ${signIns.password})`,
    ...signIns.accounts.map(
      (a) => `  ${a.username.padEnd(10)} ${a.role.padEnd(21)} ${a.name}${a.organization ? ` · ${a.organization}` : ''}`,
    ),
    '',
    'Máy khách hệ thống · Machine client (client_credentials, client_secret_basic):',
    `  client_id:     ${signIns.client.id}`,
    `  client_secret: ${signIns.client.secret}`,
    `  scope:         ${signIns.client.scope}`,
    '',
    'Thử · Try:',
    `  TOKEN=$(curl -s -u ${signIns.client.id}:${signIns.client.secret} -d grant_type=client_credentials \\`,
    `       -d 'scope=system/*.cruds' ${url}/oauth2/token | node -p 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${url}/fhir/Patient?name=${encodeURIComponent(signIns.examplePatientName)}'`,
    '',
    'Demo credentials work only in demo mode; `npm start` refuses them.',
    '',
  ].join('\n');
}
