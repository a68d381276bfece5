// project.events: publish (idempotent), list, get, the catalog, and stream() as an async
// iterator and through on(), resuming after a cut with Last-Event-ID.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Herald, HeraldError } from "../src/index.js";
import { HERALD_URL, eventually, live, newClient } from "./support/herald.js";
import { Proxy } from "./support/proxy.js";

const options = live();
let proxy;

before(async () => {
  if (!options.skip) proxy = await new Proxy(HERALD_URL).start();
});
after(async () => {
  await proxy?.stop();
});

const message = (n) => ({
  type: "message.created",
  resourceId: "session:abc-123",
  source: "cortex:bot",
  data: { messageId: `m${n}`, sessionId: "abc-123", content: `utterance ${n}` },
});

test("publish with an idempotency key twice gives one event; list and get read it", options, async () => {
  const { project, http } = await newClient();
  const first = await project.events.publish(message(1), { idempotencyKey: "msg-m1" });
  const again = await project.events.publish(message(1), { idempotencyKey: "msg-m1" });
  assert.equal(again.id, first.id);
  assert.match(first.id, /^evt_/);
  assert.deepEqual(first.payload, { action: "created", data: message(1).data });
  assert.deepEqual(await project.events.get(first.id), first);
  assert.equal((await http.get("/v1/events?types=message.*")).data.length, 1);

  await project.events.publish(message(2));
  await project.events.publish(message(3));
  const page = await project.events.list({ types: ["message.*"], limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(page.hasMore, true);
  const all = [];
  for await (const event of page) all.push(event.payload.data.messageId);
  assert.deepEqual(all, ["m1", "m2", "m3"]);
  const catalog = await project.events.types();
  assert.ok(catalog.some((t) => t.type === "gathering.member.joined"));
});

test("stream({ types }) is an async iterator of the events that match", options, async () => {
  const { herald, project } = await newClient();
  const stream = project.events.stream({ types: ["message.*"] });
  const events = stream[Symbol.asyncIterator]();
  const first = events.next();
  await stream.opened;
  await project.participants.create({ id: "not-a-message" }); // participant.created: filtered out
  for (let n = 1; n <= 3; n++) await project.events.publish(message(n));
  const received = [(await first).value];
  received.push((await events.next()).value, (await events.next()).value);
  assert.deepEqual(received.map((e) => e.payload.data.messageId), ["m1", "m2", "m3"]);
  assert.ok(received.every((e) => e.type === "message.created"));
  assert.match(stream.lastEventId, /^\d+$/);
  stream.close();
  assert.deepEqual(await events.next(), { done: true, value: undefined });
  herald.close();
});

test("watch().on(type, listener) hears its type, on('event') every one", options, async () => {
  const { herald, project } = await newClient();
  const joined = [];
  const every = [];
  const stream = project.events
    .watch({ types: "gathering.*" }) // the seed's name for stream()
    .on("gathering.member.joined", (e) => joined.push(e.payload.data.participantId))
    .on("event", (e) => every.push(e.type));
  await stream.opened;
  await project.participants.create({ id: "p1" });
  const lobby = await project.gatherings.create({ name: "Heard", type: "lobby" });
  await lobby.addMember({ participantId: "p1" });
  await eventually(() => joined.length === 1, { what: "gathering.member.joined heard" });
  assert.deepEqual(joined, ["p1"]);
  assert.deepEqual(every, ["gathering.created", "gathering.member.joined"]);
  herald.close();
});

test("a stream whose connection is cut resumes after the last event, nothing missed or repeated", options, async () => {
  const { herald, project, http } = await newClient({ url: proxy.url });
  const stream = project.events.stream({ types: "message.*" });
  const events = stream[Symbol.asyncIterator]();
  const firstEvent = events.next();
  await stream.opened;
  await http.post("/v1/events", message(1));
  await http.post("/v1/events", message(2));
  const received = [(await firstEvent).value, (await events.next()).value];
  const resumeFrom = stream.lastEventId;

  const third = events.next(); // as a for-await loop would be: waiting for the next event
  proxy.hold();
  proxy.cutAll();
  await eventually(() => proxy.heldCount > 0, { what: "the stream tries to reconnect" });
  for (let n = 3; n <= 5; n++) await http.post("/v1/events", message(n));
  proxy.release();
  received.push((await third).value, (await events.next()).value, (await events.next()).value);
  await http.post("/v1/events", message(6)); // after the resume, live again
  received.push((await events.next()).value);

  assert.deepEqual(received.map((e) => e.payload.data.messageId), ["m1", "m2", "m3", "m4", "m5", "m6"]);
  assert.equal(new Set(received.map((e) => e.id)).size, 6);
  const streams = proxy.seen("GET", "/v1/events/stream");
  assert.equal(streams.at(-1).headers["last-event-id"], resumeFrom);
  stream.close();
  herald.close();
});

test("a stream refused for good (a wrong key's 401) ends with the HeraldError", options, async () => {
  const herald = new Herald({ url: HERALD_URL, apiKey: "hrd_not-a-key" });
  const stream = herald.project.events.stream({ types: "*" });
  await assert.rejects(
    async () => {
      for await (const event of stream) assert.fail(`an event: ${event.id}`);
    },
    (error) => error instanceof HeraldError && error.status === 401,
  );
  const heard = await new Promise((resolve) => {
    herald.project.events.stream().on("error", resolve);
  });
  assert.equal(heard.status, 401);
  herald.close();
});
