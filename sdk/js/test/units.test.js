// The SDK's own machinery, without Herald: the SSE reader, the snapshot diff, the error type.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HeraldError, diff } from "../src/index.js";
import { readEvents } from "../src/sse.js";
import { problemOf } from "../src/http.js";
import { applyChanges } from "./support/herald.js";

function body(...chunks) {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function all(stream) {
  const messages = [];
  for await (const message of readEvents(stream)) messages.push(message);
  return messages;
}

test("the SSE reader joins lines split across chunks, in any line ending, and skips heartbeats", async () => {
  const messages = await all(
    body(":heartbeat\n\nid: 7\nevent: message.cre", "ated\ndata: {\"a\":\ndata: 1}\r", "\n\r\nid:8\r\nevent:x\r\ndata:2\r\n\r\n"),
  );
  assert.deepEqual(
    messages.map(({ event, data, id }) => ({ event, data, id })),
    [
      { event: "message.created", data: '{"a":\n1}', id: "7" },
      { event: "x", data: "2", id: "8" },
    ],
  );
});

test("Herald's farewell (event: error with a comment and no data) is read, with its reason", async () => {
  const [farewell] = await all(body("event:error\n:the API key was revoked\n\n"));
  assert.equal(farewell.event, "error");
  assert.equal(farewell.data, "");
  assert.deepEqual(farewell.comments, ["the API key was revoked"]);
});

test("a silent stream fails after its idle timeout", async () => {
  const silent = new ReadableStream({ start() {} });
  await assert.rejects(async () => {
    for await (const message of readEvents(silent, { idleTimeoutMs: 50 })) assert.fail(String(message));
  }, /no data on the stream for 50 ms/);
});

test("diff: removals first, then additions and moves in the new order; the indexes rebuild the list", () => {
  const key = (m) => m.id;
  const before = [{ id: "a" }, { id: "b", v: 1 }, { id: "c" }, { id: "d" }];
  const after = [{ id: "b", v: 2 }, { id: "e" }, { id: "d" }, { id: "c" }];
  const changes = diff(before, after, key);
  assert.deepEqual(
    changes.map((c) => [c.type, c.item.id, c.oldIndex, c.newIndex]),
    [
      ["removed", "a", 0, -1],
      ["modified", "b", 0, 0],
      ["added", "e", -1, 1],
      ["modified", "d", 3, 2],
    ],
  );
  assert.deepEqual(applyChanges(before, changes), after);
  assert.deepEqual(diff(after, [...after], key), []);
  assert.deepEqual(diff([{ id: "x", o: { a: 1, b: 2 } }], [{ id: "x", o: { b: 2, a: 1 } }], key), []);
});

test("problem+json becomes a HeraldError; a body that is not JSON keeps its text as detail", () => {
  const headers = new Headers({ "retry-after": "5" });
  const problem = problemOf(
    { status: 503, headers },
    JSON.stringify({ status: 503, code: "database_unavailable", detail: "retry shortly" }),
  );
  assert.ok(problem instanceof HeraldError);
  assert.deepEqual([problem.status, problem.code, problem.detail, problem.retryAfter], [503, "database_unavailable", "retry shortly", 5]);
  const gateway = problemOf({ status: 502, headers: new Headers() }, "<html>Bad gateway</html>");
  assert.deepEqual([gateway.status, gateway.code, gateway.detail], [502, "http_error", "<html>Bad gateway</html>"]);
});
