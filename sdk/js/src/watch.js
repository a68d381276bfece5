import { reconnecting } from "./sse.js";

/**
 * A live list (a gathering's members or invitations), in the shape of Firestore's onSnapshot:
 * `onSnapshot(next, error?)` calls `next(items, changes)` with the whole list and what changed
 * since the previous call, and returns a function that unsubscribes.
 *
 * The stream reconnects by itself. Herald's watch streams have no resume position: a new
 * connection starts with the whole list, which is compared with the last list delivered, so the
 * changes made while the connection was down arrive once, as what they amount to (an item
 * changed twice in the gap arrives as one "modified"), and nothing already delivered repeats.
 */
export class Watch {
  #transport;
  #path;
  #key;
  #streams;
  #reconnect;

  constructor(transport, path, key, streams, reconnect) {
    this.#transport = transport;
    this.#path = path;
    this.#key = key;
    this.#streams = streams;
    this.#reconnect = reconnect;
  }

  onSnapshot(next, error) {
    if (typeof next !== "function") {
      throw new TypeError("onSnapshot(next, error?): next must be a function");
    }
    const controller = new AbortController();
    const close = () => controller.abort();
    this.#streams.add(close);
    const stopped = () => controller.signal.aborted;
    const run = async () => {
      let last = null;
      let reconnected = false;
      for await (const message of reconnecting(this.#transport, this.#path, {
        signal: controller.signal,
        reconnect: this.#reconnect,
      })) {
        if (message.opened) {
          reconnected = last !== null;
          continue;
        }
        if (message.event !== "snapshot" || stopped()) {
          continue; // a farewell ("error") is followed by a reconnect
        }
        const snapshot = JSON.parse(message.data);
        const changes = reconnected ? diff(last, snapshot.items, this.#key) : snapshot.changes;
        const first = last === null;
        reconnected = false;
        last = snapshot.items;
        if (first || changes.length > 0) {
          next(snapshot.items, changes);
        }
      }
    };
    run()
      .catch((failure) => {
        if (stopped()) return;
        if (error) error(failure);
        else console.error("Herald watch stopped:", failure);
      })
      .finally(() => {
        this.#streams.delete(close);
        controller.abort();
      });
    return close;
  }
}

/**
 * The changes from before to after, as Herald's watch streams compute them (and Firestore
 * orders them): removals first, each oldIndex counted after the removals before it; then, in the
 * new list's order, additions (newIndex their place) and items that changed or moved.
 */
export function diff(before, after, key) {
  const old = new Map(before.map((item) => [key(item), item]));
  const now = new Map(after.map((item) => [key(item), item]));
  const working = before.map(key);
  const changes = [];
  for (const item of before) {
    const k = key(item);
    if (!now.has(k)) {
      const index = working.indexOf(k);
      working.splice(index, 1);
      changes.push({ type: "removed", item, oldIndex: index, newIndex: -1 });
    }
  }
  after.forEach((item, i) => {
    const k = key(item);
    if (!old.has(k)) {
      working.splice(i, 0, k);
      changes.push({ type: "added", item, oldIndex: -1, newIndex: i });
    } else if (!sameJson(old.get(k), item) || working.indexOf(k) !== i) {
      const index = working.indexOf(k);
      working.splice(index, 1);
      working.splice(i, 0, k);
      changes.push({ type: "modified", item, oldIndex: index, newIndex: i });
    }
  });
  return changes;
}

function sameJson(a, b) {
  return canonical(a) === canonical(b);
}

function canonical(value) {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
