// What the tests need of a running Herald: its URL and admin token from the environment (the
// Maven build's JavaScriptSdkIntegrationTests starts the packaged jar and sets them), a fresh
// project per test, and plain HTTP calls to check what the SDK left behind.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Herald } from "../../src/index.js";

export const HERALD_URL = process.env.HERALD_URL;
export const ADMIN_TOKEN = process.env.HERALD_ADMIN_TOKEN;

/**
 * Test options for a test that needs Herald: skipped, saying why, when HERALD_URL is not set;
 * under CI=true a missing Herald fails instead.
 */
export function live() {
  if (HERALD_URL && ADMIN_TOKEN) {
    return {};
  }
  const why = "needs a running Herald: set HERALD_URL and HERALD_ADMIN_TOKEN";
  if (process.env.CI === "true") {
    throw new Error(`${why} (CI=true: a skip would hide it)`);
  }
  return { skip: why };
}

/** A new project (through the admin API): its id and API key. */
export async function newProject(name = "sdk test") {
  const response = await fetch(`${HERALD_URL}/admin/projects`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const created = await response.json();
  return { projectId: created.projectId, apiKey: created.apiKey };
}

/** A project of its own and an SDK client of it (url: Herald's, or a proxy's). */
export async function newClient({ url = HERALD_URL, ...options } = {}) {
  const { apiKey, projectId } = await newProject();
  const herald = new Herald({
    url,
    apiKey,
    reconnect: { minDelayMs: 50, maxDelayMs: 500 },
    ...options,
  });
  return { herald, project: herald.project, apiKey, projectId, http: api(apiKey) };
}

/** Plain HTTP calls with an API key: how the tests check state, independently of the SDK. */
export function api(apiKey) {
  const call = async (method, path, body) => {
    const response = await fetch(HERALD_URL + path, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (path) => call("GET", path),
    post: (path, body = {}) => call("POST", path, body),
    patch: (path, body) => call("PATCH", path, body),
    delete: (path) => call("DELETE", path),
  };
}

/** Creates the participants (plain HTTP). */
export async function participants(http, ...ids) {
  for (const id of ids) {
    await http.post("/v1/participants", { id });
  }
}

/** Polls check() until it returns a truthy value, at most timeoutMs; fails with the last error. */
export async function eventually(check, { timeoutMs = 10_000, intervalMs = 50, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not met within ${timeoutMs} ms${last ? `: ${last.message}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs an example file as its own Node process; resolves to its output, fails on exit != 0. */
export function runExample(file, env, { timeoutMs = 30_000 } = {}) {
  const path = fileURLToPath(new URL(`../../examples/${file}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path], {
      env: { ...process.env, HERALD_URL, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} still running after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${file} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Collects a watch's callbacks; next(predicate) waits (bounded) for the first callback after the
 * ones already taken that satisfies it.
 */
export class Snapshots {
  calls = [];
  #waiters = [];
  #taken = 0;

  listener = (items, changes) => {
    this.calls.push({ items, changes });
    for (const waiter of [...this.#waiters]) waiter();
  };

  /** The next callback not yet taken (waits up to timeoutMs). */
  async next({ timeoutMs = 10_000 } = {}) {
    if (this.#taken < this.calls.length) {
      return this.calls[this.#taken++];
    }
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        reject(new Error(`no snapshot within ${timeoutMs} ms (had ${this.calls.length})`));
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve();
      };
      this.#waiters.push(wake);
    });
    return this.calls[this.#taken++];
  }

  /** Callbacks not taken yet. */
  get pending() {
    return this.calls.length - this.#taken;
  }
}

/** Applies Firestore-shaped changes to a list, by their indexes. */
export function applyChanges(before, changes) {
  const list = [...before];
  for (const change of changes) {
    if (change.type === "removed") {
      list.splice(change.oldIndex, 1);
    } else if (change.type === "added") {
      list.splice(change.newIndex, 0, change.item);
    } else {
      list.splice(change.oldIndex, 1);
      list.splice(change.newIndex, 0, change.item);
    }
  }
  return list;
}
