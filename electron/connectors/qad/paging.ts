// Reading every page of a QAD collection, the same way over REST and QXtend. Paging parameters are
// unconfirmed for both (research/qad.md 2.3, 1.6): an instance that ignores them answers the first page again,
// which is detected (same first row) and ends the read instead of looping.
import type { LogSink } from '../../ipc/log-sink.ts';

/** A hard stop far beyond any real collection, against a server that never returns a short page. */
const MAX_PAGES = 10_000;

export async function readAllPages(
  readPage: (page: number) => Promise<readonly unknown[]>,
  options: {
    readonly pageSize: number;
    readonly key: string;
    readonly system: string;
    readonly log: LogSink;
  },
): Promise<unknown[]> {
  const rows: unknown[] = [];
  let previousFirst: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const batch = await readPage(page);
    const first = batch.length > 0 ? JSON.stringify(batch[0]) : undefined;
    if (page > 1 && first !== undefined && first === previousFirst) {
      options.log.warn(
        { key: options.key, page },
        `${options.system} ignored paging for ${options.key}; using the rows read so far`,
      );
      break;
    }
    previousFirst = first;
    rows.push(...batch);
    if (batch.length < options.pageSize) break;
  }
  return rows;
}
