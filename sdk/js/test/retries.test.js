// Every POST carries an Idempotency-Key, so the SDK's own retries (no answer, 5xx, 429 with
// Retry-After; bounded) never do a thing twice.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { HeraldError } from "../src/index.js";
import { HERALD_URL, live, newClient } from "./support/herald.js";
import { Proxy } from "./support/proxy.js";

const options = live();
let proxy;

before(async () => {
  if (!options.skip) proxy = await new Proxy(HERALD_URL).start();
});
after(async () => {
  await proxy?.stop();
});

const fast = { retries: { minDelayMs: 10, maxDelayMs: 50 } };

test("a POST retried after a dropped response creates one resource", options, async () => {
  const { project, http } = await newClient({ url: proxy.url, ...fast });
  const before = proxy.seen("POST", "/v1/gatherings").length;
  proxy.dropResponseNext("POST", "/v1/gatherings");

  const lobby = await project.gatherings.create({ name: "Dropped once", type: "lobby" });

  const posts = proxy.seen("POST", "/v1/gatherings").slice(before);
  assert.equal(posts.length, 2, "the first answer was dropped, the SDK sent it again");
  assert.equal(posts[0].status, 201, "Herald did create it the first time");
  const key = posts[0].headers["idempotency-key"];
  assert.ok(key, "an automatic Idempotency-Key");
  assert.equal(posts[1].headers["idempotency-key"], key, "the retry carries the same key");
  assert.equal(posts[1].answerHeaders["idempotent-replayed"], "true");
  const { data } = await http.get("/v1/gatherings");
  assert.deepEqual(data.map((g) => g.id), [lobby.id], "one gathering");
});

test("a POST whose connection fails before it reaches Herald is sent again, once", options, async () => {
  const { project, http } = await newClient({ url: proxy.url, ...fast });
  proxy.dropRequestNext("POST", "/v1/participants");
  await project.participants.create({ id: "p1" });
  const { data } = await http.get("/v1/participants");
  assert.deepEqual(data.map((p) => p.id), ["p1"]);
});

test("a DELETE whose answer was lost is done: its retry's 404 is not an error", options, async () => {
  const { project, http } = await newClient({ url: proxy.url, ...fast });
  await project.participants.create({ id: "leaving" });
  proxy.dropResponseNext("DELETE", "/v1/participants/leaving");
  await project.participants.delete("leaving");
  const deletes = proxy.seen("DELETE", "/v1/participants/leaving");
  assert.deepEqual(deletes.map((r) => r.status), [204, 404]);
  assert.deepEqual((await http.get("/v1/participants")).data, []);
  await assert.rejects(project.participants.delete("leaving"), { status: 404 }); // a plain 404 stays one
});

test("the caller's idempotency key is the one sent: the same call twice is one change", options, async () => {
  const { project, http } = await newClient({ url: proxy.url });
  await project.participants.create({ id: "p1" });
  const lobby = await project.gatherings.create({ name: "Keyed", type: "lobby" });
  const first = await lobby.addMember({ participantId: "p1" }, { idempotencyKey: "join-p1-once" });
  const second = await lobby.addMember({ participantId: "p1" }, { idempotencyKey: "join-p1-once" });
  assert.deepEqual(second, first); // without the key, the second would be a 409 (already joined)
  const keys = proxy.seen("POST", `/v1/gatherings/${lobby.id}/members`).map((r) => r.headers["idempotency-key"]);
  assert.deepEqual(keys, ["join-p1-once", "join-p1-once"]);
  const joined = (await http.get("/v1/events?types=gathering.member.joined")).data;
  assert.equal(joined.length, 1);
});

test("a 503 and a 429 are retried after their Retry-After", options, async () => {
  const { project, http } = await newClient({ url: proxy.url, ...fast });
  proxy.failNext("POST", "/v1/participants", 503, { "retry-after": "1" });
  proxy.failNext("POST", "/v1/participants", 429, { "retry-after": "1" });
  const started = Date.now();
  await project.participants.create({ id: "patient" });
  const took = Date.now() - started;
  assert.ok(took >= 1900, `waited ${took} ms for two Retry-After: 1`);
  const posts = proxy.seen("POST", "/v1/participants").slice(-3);
  assert.equal(new Set(posts.map((r) => r.headers["idempotency-key"])).size, 1);
  assert.equal((await http.get("/v1/participants/patient")).id, "patient");
});

test("retries are bounded: a Herald that keeps failing ends in its HeraldError", options, async () => {
  const { project } = await newClient({ url: proxy.url, retries: { maxRetries: 2, minDelayMs: 10, maxDelayMs: 20 } });
  const before = proxy.seen("GET", "/v1/gatherings").length;
  proxy.failNext("GET", "/v1/gatherings", 502, {}, 10);
  try {
    await assert.rejects(project.gatherings.list(), (error) => {
      assert.ok(error instanceof HeraldError);
      assert.equal(error.status, 502);
      assert.equal(error.code, "injected");
      return true;
    });
    assert.equal(proxy.seen("GET", "/v1/gatherings").length - before, 3, "one try and two retries");
  } finally {
    proxy.clearRules();
  }
});

test("a 4xx is final: not retried", options, async () => {
  const { project } = await newClient({ url: proxy.url, ...fast });
  const before = proxy.seen("GET", "/v1/gatherings/gat_").length;
  await assert.rejects(project.gatherings.get("gat_00000000000000000000000000"), { status: 404 });
  assert.equal(proxy.seen("GET", "/v1/gatherings/gat_").length - before, 1);
});
