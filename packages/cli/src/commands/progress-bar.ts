import cliProgress from 'cli-progress';

/**
 * Residents done, rate and time left on stderr. On a terminal the bar
 * redraws in place; in a log (CI, `| tee`) it prints a line every few seconds.
 */
export class ProgressBar {
  private readonly bar: cliProgress.SingleBar;
  private readonly started = performance.now();
  private lastRedraw = 0;

  constructor(private readonly total: number) {
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: '  {bar} {percentage}% · {value}/{total} residents · {resources} resources · {rate}/s · {left} left',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 5000,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { resources: '0', rate: '0', left: '?' });
  }

  update(residentsDone: number, resources: number): void {
    const now = performance.now();
    // The caller reports after every resident; redrawing that often would cost more than it shows.
    if (now - this.lastRedraw < 200 && residentsDone < this.total) return;
    this.lastRedraw = now;
    const seconds = (now - this.started) / 1000;
    const perResident = residentsDone > 0 ? seconds / residentsDone : 0;
    this.bar.update(residentsDone, {
      resources: resources.toLocaleString('en-US'),
      rate: Math.round(resources / Math.max(seconds, 0.001)).toLocaleString('en-US'),
      left: residentsDone > 0 ? duration(perResident * (this.total - residentsDone)) : '?',
    });
  }

  stop(): void {
    this.bar.stop();
  }
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
}
