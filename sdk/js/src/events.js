import { listOf } from "./page.js";
import { segment } from "./http.js";
import { reconnecting } from "./sse.js";

/** The project's event log: publish, list, get, the catalog, and the live stream. */
export class Events {
  #transport;
  #streams;
  #reconnect;

  constructor(transport, streams, reconnect) {
    this.#transport = transport;
    this.#streams = streams;
    this.#reconnect = reconnect;
  }

  /** POST /v1/events: an event of an externally published catalog type. */
  publish(event, options = {}) {
    return this.#transport.request("POST", "/v1/events", { body: event, ...options });
  }

  /** GET /v1/events: the events in log order ({ types, resourceId, limit, after }). */
  list(query = {}, options = {}) {
    return listOf(this.#transport, "/v1/events", query, (e) => e, options);
  }

  /** GET /v1/events/{id}. */
  get(id, options = {}) {
    return this.#transport.request("GET", `/v1/events/${segment(id)}`, options);
  }

  /** GET /v1/event-types: the catalog. */
  async types(options = {}) {
    return (await this.#transport.request("GET", "/v1/event-types", options)).data;
  }

  /**
   * GET /v1/events/stream: the live events of the given type patterns, as an async iterator
   * (`for await (const event of stream)`) or through `on(type, listener)`. It connects on the
   * first `next()` or `on()`, starts at that moment (or after `lastEventId`), and reconnects by
   * itself with Last-Event-ID, so nothing is missed and nothing repeats.
   */
  stream({ types, lastEventId, reconnect } = {}) {
    return new EventStream(this.#transport, this.#streams, {
      types,
      lastEventId,
      reconnect: { ...this.#reconnect, ...reconnect },
    });
  }

  /** The seed's name for stream() ("the SDK's watch() does this for you"). */
  watch(options = {}) {
    return this.stream(options);
  }
}

/** The live event stream: an async iterable of events, with on/off listeners and close(). */
export class EventStream {
  #transport;
  #streams;
  #types;
  #reconnect;
  #controller = new AbortController();
  #lastEventId;
  #mode = null;
  #listeners = new Map();
  #opened;
  #markOpened;

  constructor(transport, streams, { types, lastEventId, reconnect }) {
    this.#transport = transport;
    this.#streams = streams;
    this.#types = typeof types === "string" ? [types] : types;
    this.#lastEventId = lastEventId ?? null;
    this.#reconnect = reconnect;
    this.#opened = new Promise((resolve) => {
      this.#markOpened = resolve;
    });
  }

  /** The sequence of the last event received: where a reconnect resumes. */
  get lastEventId() {
    return this.#lastEventId;
  }

  /** Resolves once the first connection is open (events from then on will arrive). */
  get opened() {
    return this.#opened;
  }

  /** Ends the stream: iteration finishes, listeners hear nothing more. */
  close() {
    this.#controller.abort();
  }

  [Symbol.asyncIterator]() {
    this.#claim("iterator");
    return this.#events();
  }

  /**
   * Listens: `on("event", fn)` for every event, `on("gathering.member.joined", fn)` for one type,
   * `on("open", fn)` for each (re)connection, `on("error", fn)` for the error that ends the stream
   * (a refusal such as a revoked key's 401). Starts the stream.
   */
  on(type, listener) {
    if (!this.#listeners.has(type)) {
      this.#listeners.set(type, new Set());
    }
    this.#listeners.get(type).add(listener);
    if (this.#mode !== "listeners") {
      this.#claim("listeners");
      this.#pump();
    }
    return this;
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
    return this;
  }

  #claim(mode) {
    if (this.#mode !== null && this.#mode !== mode) {
      throw new Error("an event stream is read either as an async iterator or through on()");
    }
    if (this.#mode === "iterator") {
      throw new Error("this event stream is already being iterated");
    }
    this.#mode = mode;
  }

  async #pump() {
    try {
      for await (const event of this.#events()) {
        this.#emit("event", event);
        this.#emit(event.type, event);
      }
    } catch (error) {
      if (this.#listeners.get("error")?.size) this.#emit("error", error);
      else console.error("Herald event stream stopped:", error);
    }
  }

  #emit(type, value) {
    for (const listener of this.#listeners.get(type) ?? []) {
      listener(value);
    }
  }

  async *#events() {
    const close = () => this.close();
    this.#streams.add(close);
    try {
      for await (const message of reconnecting(this.#transport, "/v1/events/stream", {
        query: { types: this.#types },
        headers: () => (this.#lastEventId ? { "last-event-id": this.#lastEventId } : {}),
        signal: this.#controller.signal,
        reconnect: this.#reconnect,
      })) {
        if (message.opened) {
          this.#markOpened();
          this.#emit("open");
          continue;
        }
        if (message.event === "error" || !message.data) {
          continue; // Herald ended the stream (e.g. fallen behind): it reconnects and resumes
        }
        const event = JSON.parse(message.data);
        if (message.id) {
          this.#lastEventId = message.id;
        }
        yield event;
      }
    } finally {
      this.#streams.delete(close);
      this.#controller.abort();
    }
  }
}
