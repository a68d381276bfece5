/**
 * One page of a list (`data`, `hasMore`, `nextCursor`); `next()` fetches the following page, and
 * `for await (const item of page)` walks every item from this page on.
 */
export class Page {
  #fetchPage;

  constructor(list, wrap, fetchPage) {
    this.data = (list.data ?? []).map(wrap);
    this.hasMore = Boolean(list.hasMore);
    this.nextCursor = list.nextCursor ?? null;
    this.#fetchPage = fetchPage;
  }

  /** The next page, or null after the last one. */
  async next() {
    return this.hasMore && this.nextCursor ? this.#fetchPage(this.nextCursor) : null;
  }

  async *[Symbol.asyncIterator]() {
    for (let page = this; page; page = await page.next()) {
      yield* page.data;
    }
  }
}

/** A list call: GET path with query (limit, after, filters) as a Page of wrap(item). */
export function listOf(transport, path, query, wrap, options = {}) {
  const fetchPage = async (after) =>
    new Page(
      await transport.request("GET", path, {
        query: { ...query, after: after ?? query?.after },
        signal: options.signal,
      }),
      wrap,
      fetchPage,
    );
  return fetchPage(undefined);
}
