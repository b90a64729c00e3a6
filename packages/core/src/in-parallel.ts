/**
 * Runs `work` on every item with at most `limit` running at once, taking
 * items in order (an async iterable is read only as fast as lanes free up, so
 * a large directory of files is never listed into memory). Resolves when all
 * are done; the first failure rejects after the running ones settle.
 */
export async function inParallel<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let index = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed) {
      const next = await source.next();
      if (next.done) return;
      try {
        await work(next.value, index++);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, limit) }, lane));
  const rejected = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (rejected) throw rejected.reason;
}
