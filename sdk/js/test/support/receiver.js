// A webhook receiver on loopback: keeps every request's headers and raw body.
import http from "node:http";

export class Receiver {
  requests = [];
  #waiters = [];
  #server;

  async start() {
    this.#server = http.createServer((req, res) => {
      const chunks = [];
      req.on("data", (chunk) => chunks.push(chunk));
      req.on("end", () => {
        this.requests.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(204).end();
        for (const wake of [...this.#waiters]) wake();
      });
    });
    await new Promise((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${this.#server.address().port}`;
    return this;
  }

  stop() {
    this.#server.closeAllConnections?.();
    return new Promise((resolve) => this.#server.close(resolve));
  }

  /** The first request to path whose event satisfies match, waiting up to timeoutMs. */
  async received(path, match = () => true, { timeoutMs = 15_000 } = {}) {
    const find = () =>
      this.requests.find((r) => r.path === path && match(JSON.parse(r.body.toString("utf8"))));
    const deadline = Date.now() + timeoutMs;
    for (let found = find(); ; found = find()) {
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching request to ${path} within ${timeoutMs} ms`);
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters = this.#waiters.filter((w) => w !== done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.#waiters.push(done);
      });
    }
  }
}
