// project.webhooks and project.deliveries against Herald, and verifyWebhook on what Herald really
// sends: v1 (HMAC-SHA256), v1a (Ed25519) and both signatures during a rotation.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { WebhookVerificationError, verifyWebhook } from "../src/index.js";
import { eventually, live, newClient } from "./support/herald.js";
import { Receiver } from "./support/receiver.js";

const options = live();
let receiver;

before(async () => {
  if (!options.skip) receiver = await new Receiver().start();
});
after(async () => {
  await receiver?.stop();
});

test("an HMAC webhook's deliveries verify with its whsec_ secret (v1), and tampering is caught", options, async () => {
  const { project } = await newClient();
  const webhook = await project.webhooks.create({
    url: `${receiver.url}/hmac`,
    eventTypes: ["gathering.*"],
    description: "sdk test",
  });
  assert.match(webhook.secret, /^whsec_/);
  const lobby = await project.gatherings.create({ name: "Signed", type: "lobby" });
  const request = await receiver.received("/hmac", (e) => e.resourceId === `gathering:${lobby.id}`);

  const event = await verifyWebhook(webhook.secret, request.headers, request.body);
  assert.equal(event.type, "gathering.created");
  assert.equal(event.id, request.headers["webhook-id"]);
  assert.match(request.headers["webhook-signature"], /^v1,/);
  const asText = await verifyWebhook(webhook.secret, new Headers(request.headers), request.body.toString());
  assert.deepEqual(asText, event);

  const tampered = Buffer.from(request.body.toString().replace("Signed", "Forged"));
  await assert.rejects(verifyWebhook(webhook.secret, request.headers, tampered), WebhookVerificationError);
  const other = await project.webhooks.create({ url: `${receiver.url}/other`, eventTypes: ["message.*"] });
  await assert.rejects(verifyWebhook(other.secret, request.headers, request.body), /no matching signature/);
});

test("an ed25519 webhook's test send verifies with its whpk_ public key (v1a)", options, async () => {
  const { project } = await newClient();
  const webhook = await project.webhooks.create({
    url: `${receiver.url}/ed25519`,
    eventTypes: ["message.created"],
    signatureScheme: "ed25519",
  });
  assert.match(webhook.publicKey, /^whpk_/);
  const outcome = await project.webhooks.test(webhook.id, { eventType: "message.created" });
  assert.equal(outcome.succeeded, true);
  assert.equal(outcome.responseStatus, 204);
  const request = await receiver.received("/ed25519", (e) => e.id === outcome.eventId);
  assert.match(request.headers["webhook-signature"], /^v1a,/);
  const event = await verifyWebhook(webhook.publicKey, request.headers, request.body);
  assert.equal(event.type, "message.created");
  const { publicKey } = await project.webhooks.secret(webhook.id);
  assert.equal(publicKey, webhook.publicKey);
});

test("during a rotation both signatures are sent, and either key verifies", options, async () => {
  const { project } = await newClient();
  const webhook = await project.webhooks.create({ url: `${receiver.url}/rotated`, eventTypes: ["message.*"] });
  const rotated = await project.webhooks.rotateSecret(webhook.id, { graceSeconds: 3600 });
  assert.notEqual(rotated.secret, webhook.secret);
  assert.equal((await project.webhooks.secret(webhook.id)).secret, rotated.secret);
  const outcome = await project.webhooks.test(webhook.id, { eventType: "message.created" });
  const request = await receiver.received("/rotated", (e) => e.id === outcome.eventId);
  assert.equal(request.headers["webhook-signature"].split(" ").length, 2);
  await verifyWebhook(webhook.secret, request.headers, request.body);
  await verifyWebhook(rotated.secret, request.headers, request.body);
});

test("webhooks CRUD, the delivery log, a retry and a recovery", options, async () => {
  const { project, http } = await newClient();
  const webhook = await project.webhooks.create({
    url: `${receiver.url}/log`,
    eventTypes: ["message.created"],
    metadata: { team: "sdk" },
  });
  assert.equal((await project.webhooks.get(webhook.id)).url, `${receiver.url}/log`);
  assert.deepEqual((await project.webhooks.list()).data.map((w) => w.id), [webhook.id]);
  const updated = await project.webhooks.update(webhook.id, { description: "the log", rateLimit: 50 });
  assert.equal(updated.description, "the log");
  assert.equal(updated.rateLimit, 50);

  const event = await project.events.publish({
    type: "message.created",
    resourceId: "session:s1",
    data: { messageId: "m1", sessionId: "s1", content: "hi" },
  });
  const delivered = await eventually(
    async () => {
      const page = await project.deliveries.list({ webhookId: webhook.id, status: "delivered" });
      return page.data.find((d) => d.eventId === event.id);
    },
    { what: "the delivery delivered" },
  );
  const full = await project.deliveries.get(delivered.id);
  assert.equal(full.attempts.length, 1);
  assert.equal(full.attempts[0].responseStatus, 204);
  assert.equal((await project.webhooks.deliveries(webhook.id)).data[0].id, delivered.id);
  const retried = await project.deliveries.retry(delivered.id);
  assert.equal(retried.id, delivered.id);
  await eventually(async () => (await project.deliveries.get(delivered.id)).attempts.length === 2, {
    what: "the retry's attempt",
  });
  const recovered = await project.webhooks.recover(webhook.id, { since: new Date(Date.now() - 3_600_000) });
  assert.equal(recovered.recovered, 0); // nothing failed

  await project.webhooks.delete(webhook.id);
  assert.deepEqual((await http.get("/v1/webhooks")).data, []);
});
