import { HeraldError } from "./errors.js";
import { sleep } from "./http.js";

/** How a stream reconnects after its connection ends or fails: bounded, jittered backoff. */
export const DEFAULT_RECONNECT = Object.freeze({
  minDelayMs: 250,
  maxDelayMs: 10_000,
  // no byte (not even Herald's 15 s heartbeat) for this long: the connection is taken as dead
  idleTimeoutMs: 45_000,
});

/**
 * Server-Sent Events read from a fetch body: yields { event, data, id, comments } per message
 * (event defaults to "message"). Ends when the body ends; throws when it fails or stays silent
 * longer than idleTimeoutMs.
 */
export async function* readEvents(body, { idleTimeoutMs = DEFAULT_RECONNECT.idleTimeoutMs } = {}) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let block = emptyBlock();
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, idleTimeoutMs);
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end;
      // a trailing "\r" may be the first half of "\r\n": keep it for the next chunk
      while ((end = lineEnd(buffer)) >= 0) {
        const line = buffer.slice(0, end);
        const skip = buffer[end] === "\r" && buffer[end + 1] === "\n" ? 2 : 1;
        buffer = buffer.slice(end + skip);
        if (line === "") {
          if (block.data.length > 0 || block.event !== null) {
            yield {
              event: block.event ?? "message",
              data: block.data.join("\n"),
              id: block.id,
              comments: block.comments,
            };
          }
          block = emptyBlock();
        } else {
          field(block, line);
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function emptyBlock() {
  return { event: null, data: [], id: null, comments: [] };
}

function lineEnd(buffer) {
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i];
    if (c === "\n") return i;
    if (c === "\r") return i + 1 < buffer.length ? i : -1;
  }
  return -1;
}

function field(block, line) {
  if (line.startsWith(":")) {
    block.comments.push(line.slice(1).trim());
    return;
  }
  const colon = line.indexOf(":");
  const name = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? "" : line.slice(colon + 1);
  if (value.startsWith(" ")) value = value.slice(1);
  if (name === "event") block.event = value;
  else if (name === "data") block.data.push(value);
  else if (name === "id" && !value.includes("\0")) block.id = value;
}

async function readWithin(reader, ms) {
  let timer;
  const silent = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no data on the stream for ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([reader.read(), silent]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a failed (re)connection is worth trying again: no answer, 408, 429 or a 5xx. */
export function transient(error) {
  if (!(error instanceof HeraldError)) {
    return true; // the platform's fetch failed: no answer
  }
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * A stream that reconnects by itself: yields { opened: true } each time a connection is made, then
 * its messages. A connection that ends or fails is made again after a backoff (reset by every
 * message); a refusal that will not change (401, 403, 404, 400 ...) is thrown. Ends when signal
 * aborts.
 */
export async function* reconnecting(transport, path, { query, headers, signal, reconnect }) {
  const { minDelayMs, maxDelayMs, idleTimeoutMs } = { ...DEFAULT_RECONNECT, ...reconnect };
  let failures = 0;
  const pause = async (error) => {
    const backoff = Math.min(maxDelayMs, minDelayMs * 2 ** failures);
    failures++;
    const wait =
      error?.retryAfter != null
        ? Math.min(error.retryAfter * 1000, maxDelayMs * 3)
        : backoff / 2 + (Math.random() * backoff) / 2;
    try {
      await sleep(wait, signal);
      return true;
    } catch {
      return false; // closed while waiting
    }
  };
  while (!signal.aborted) {
    let opened;
    try {
      opened = await transport.open(path, { query, headers: headers?.(), signal });
    } catch (error) {
      if (signal.aborted) return;
      if (!transient(error)) throw error;
      if (!(await pause(error))) return;
      continue;
    }
    yield { opened: true };
    const openedAt = Date.now();
    try {
      for await (const message of readEvents(opened.response.body, { idleTimeoutMs })) {
        failures = 0;
        yield message;
      }
    } catch {
      if (signal.aborted) return;
      // the connection was cut or went silent: reconnect below
    } finally {
      opened.release();
    }
    if (Date.now() - openedAt >= maxDelayMs) {
      failures = 0; // it held for a while: start the backoff over
    }
    if (!(await pause())) return;
  }
}
