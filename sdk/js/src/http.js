import { HeraldError, retryAfterSeconds } from "./errors.js";

/** How the SDK retries a request that got no answer, a 5xx or a 429: bounded, with backoff. */
export const DEFAULT_RETRIES = Object.freeze({
  maxRetries: 3, // attempts after the first
  minDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000, // the longest Retry-After honoured
});

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * Herald's HTTP API over the platform's fetch: the API key, JSON in and out, an Idempotency-Key
 * on every POST (the caller's or a new one, kept across retries), bounded retries, and
 * problem+json answers as HeraldError.
 */
export class Transport {
  constructor({ url, apiKey, fetch: fetchImpl, retries, timeoutMs } = {}) {
    if (!url) {
      throw new TypeError("new Herald({ url, apiKey }): url is required");
    }
    if (!apiKey) {
      throw new TypeError("new Herald({ url, apiKey }): apiKey is required");
    }
    this.base = String(url).replace(/\/+$/, "");
    this.apiKey = apiKey;
    this.fetch = fetchImpl ?? globalThis.fetch?.bind(globalThis);
    if (typeof this.fetch !== "function") {
      throw new TypeError("no fetch on this platform: pass new Herald({ fetch })");
    }
    this.retries = { ...DEFAULT_RETRIES, ...retries };
    this.timeoutMs = timeoutMs ?? 30_000;
  }

  /**
   * One call: resolves to the parsed JSON answer (undefined for 204), or rejects with a
   * HeraldError once the answer is final (a 4xx, or retries spent).
   */
  async request(method, path, { query, body, idempotencyKey, signal } = {}) {
    const headers = { authorization: `Bearer ${this.apiKey}`, accept: "application/json" };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
    }
    if (method === "POST") {
      headers["idempotency-key"] = idempotencyKey ?? newIdempotencyKey();
    }
    const url = this.url(path, query);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let unanswered = false; // an attempt got no answer: it may have done its work
    for (let attempt = 0; ; attempt++) {
      let outcome;
      try {
        outcome = await this.attempt(method, url, headers, payload, signal);
      } catch (error) {
        if (signal?.aborted) {
          throw signal.reason ?? error;
        }
        outcome = { error: networkError(error) };
      }
      if (outcome.value !== undefined || outcome.empty) {
        return outcome.value;
      }
      const error = outcome.error;
      if (method === "DELETE" && unanswered && error.status === 404) {
        return undefined; // deleted by the attempt whose answer was lost
      }
      if (attempt >= this.retries.maxRetries || !retryable(error, headers)) {
        throw error;
      }
      unanswered ||= error.status === 0;
      await sleep(this.delay(attempt, error), signal);
    }
  }

  /** One attempt, its body read within the timeout (a cut mid-body is a failed attempt too). */
  async attempt(method, url, headers, payload, signal) {
    const timeout = linkedAbort(signal, this.timeoutMs);
    try {
      const response = await this.fetch(url, {
        method,
        headers,
        body: payload,
        signal: timeout.signal,
      });
      const text = await response.text();
      if (response.ok) {
        return text === "" ? { empty: true } : { value: JSON.parse(text) };
      }
      return { error: problemOf(response, text) };
    } finally {
      timeout.done();
    }
  }

  /**
   * Opens a long-lived stream (SSE): its answer within the timeout, its body for as long as
   * signal allows; resolves to { response, release } (release() once done with the body). A
   * refusal is a HeraldError. The caller reconnects.
   */
  async open(path, { query, headers = {}, signal } = {}) {
    const timeout = linkedAbort(signal, this.timeoutMs);
    let response;
    try {
      response = await this.fetch(this.url(path, query), {
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          accept: "text/event-stream",
          "cache-control": "no-cache",
          ...headers,
        },
        signal: timeout.signal,
      });
    } catch (error) {
      timeout.done();
      throw error;
    }
    timeout.answered(); // the body is read under signal alone (the reader has its idle timeout)
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      timeout.done();
      throw problemOf(response, text);
    }
    return { response, release: timeout.done };
  }

  url(path, query) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) {
        continue;
      }
      search.set(name, Array.isArray(value) ? value.join(",") : String(value));
    }
    const qs = search.toString();
    return this.base + path + (qs ? `?${qs}` : "");
  }

  /** How long to wait before retry number attempt + 1: Retry-After, else jittered backoff. */
  delay(attempt, error) {
    const { minDelayMs, maxDelayMs, maxRetryAfterMs } = this.retries;
    if (error.retryAfter != null) {
      return Math.min(error.retryAfter * 1000, maxRetryAfterMs);
    }
    const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
    return minDelayMs + Math.random() * (ceiling - minDelayMs);
  }
}

/** A path segment, escaped (":" and "@" are left as they are: Herald's ids may hold them). */
export function segment(value) {
  if (value === undefined || value === null || value === "") {
    throw new TypeError("an id is required");
  }
  return encodeURIComponent(String(value)).replace(/%3A/gi, ":").replace(/%40/g, "@");
}

/** A fresh idempotency key (a random UUID). */
export function newIdempotencyKey() {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  if (crypto?.getRandomValues) {
    crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function retryable(error, headers) {
  if (error.status === 0 || RETRIED_STATUSES.has(error.status)) {
    return true;
  }
  // the same key still held by the first attempt, which is running: its answer will come
  return (
    error.status === 409 &&
    error.code === "idempotency_key_in_use" &&
    headers["idempotency-key"] !== undefined
  );
}

export function problemOf(response, text) {
  let problem;
  try {
    problem = text ? JSON.parse(text) : {};
  } catch {
    problem = {};
  }
  if (typeof problem !== "object" || problem === null || Array.isArray(problem)) {
    problem = {};
  }
  return new HeraldError(
    {
      ...problem,
      status: response.status,
      detail: problem.detail ?? (text ? text.slice(0, 500) : `HTTP ${response.status}`),
    },
    { headers: response.headers },
  );
}

function networkError(cause) {
  const reason = cause?.cause?.message ?? cause?.message ?? String(cause);
  return new HeraldError(
    { status: 0, code: "network_error", detail: `No answer from Herald: ${reason}` },
    { cause },
  );
}

/** An abort signal that fires on the caller's signal or after ms; done() releases the timer. */
export function linkedAbort(signal, ms) {
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  if (signal?.aborted) {
    controller.abort(signal.reason);
  }
  signal?.addEventListener("abort", abort, { once: true });
  const timer =
    ms > 0
      ? setTimeout(
          () => controller.abort(new Error(`no answer within ${ms} ms`)),
          ms,
        )
      : null;
  return {
    signal: controller.signal,
    /** The timeout no longer applies; the caller's signal still does. */
    answered() {
      if (timer) clearTimeout(timer);
    },
    done() {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    },
  };
}

/** Waits ms, or rejects when signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export { retryAfterSeconds };
