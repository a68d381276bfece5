// A small HTTP proxy in front of Herald that a test controls: it records every request, can cut
// every open connection, hold new requests until released, answer a request itself (a 503 with
// Retry-After), drop a request before forwarding it, or forward it and drop Herald's answer.
import http from "node:http";

export class Proxy {
  requests = [];
  #server;
  #sockets = new Set();
  #held = [];
  #holding = false;
  #rules = [];

  constructor(target) {
    this.target = new URL(target);
  }

  async start() {
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    await new Promise((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${this.#server.address().port}`;
    return this;
  }

  async stop() {
    this.release();
    this.cutAll();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  /** Destroys every open client connection (streams included). */
  cutAll() {
    for (const socket of this.#sockets) socket.destroy();
  }

  /** New requests wait until release(). */
  hold() {
    this.#holding = true;
  }

  release() {
    this.#holding = false;
    for (const go of this.#held.splice(0)) go();
  }

  /** How many requests wait, held. */
  get heldCount() {
    return this.#held.length;
  }

  /** The next request matching (method, path prefix) is answered with status and headers. */
  failNext(method, path, status, headers = {}, times = 1) {
    this.#rules.push({ method, path, times, act: "fail", status, headers });
  }

  /** The next matching request's connection is destroyed before it is forwarded. */
  dropRequestNext(method, path) {
    this.#rules.push({ method, path, times: 1, act: "drop-request" });
  }

  /** The next matching request is forwarded, Herald answers, and the answer is dropped. */
  dropResponseNext(method, path) {
    this.#rules.push({ method, path, times: 1, act: "drop-response" });
  }

  /** Forgets the rules not used up yet. */
  clearRules() {
    this.#rules = [];
  }

  /** Requests seen (method, path with query, headers, and Herald's answer status and headers). */
  seen(method, path) {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(path));
  }

  #rule(req) {
    const rule = this.#rules.find(
      (r) => r.times > 0 && r.method === req.method && req.url.startsWith(r.path),
    );
    if (rule) rule.times--;
    return rule;
  }

  async #handle(req, res) {
    const record = { method: req.method, path: req.url, headers: { ...req.headers } };
    this.requests.push(record);
    if (this.#holding) {
      await new Promise((resolve) => this.#held.push(resolve));
    }
    const rule = this.#rule(req);
    if (rule?.act === "fail") {
      req.resume();
      res.writeHead(rule.status, { "content-type": "application/problem+json", ...rule.headers });
      res.end(JSON.stringify({ status: rule.status, code: "injected", detail: "by the test proxy" }));
      return;
    }
    if (rule?.act === "drop-request") {
      req.socket.destroy();
      return;
    }
    const upstream = http.request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
      },
      (answer) => {
        record.status = answer.statusCode;
        record.answerHeaders = answer.headers;
        if (rule?.act === "drop-response") {
          answer.resume();
          answer.on("end", () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode, answer.headers);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on("error", () => req.socket.destroy());
    res.on("close", () => upstream.destroy()); // the client left (or the answer is done)
    req.pipe(upstream);
  }
}
