// verifyWebhook on signatures made here (node:crypto), without Herald: what it accepts and refuses.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { WebhookVerificationError, verifyWebhook } from "../src/index.js";

const secretBytes = crypto.randomBytes(24);
const SECRET = `whsec_${secretBytes.toString("base64")}`;
const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
const PUBLIC_KEY = `whpk_${publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("base64")}`;
const BODY = JSON.stringify({ id: "evt_1", type: "message.created", payload: { action: "created", data: {} } });

function signed({ body = BODY, id = "evt_1", timestamp = Math.floor(Date.now() / 1000), signatures }) {
  const content = Buffer.from(`${id}.${timestamp}.${body}`);
  const v1 = `v1,${crypto.createHmac("sha256", secretBytes).update(content).digest("base64")}`;
  const v1a = `v1a,${crypto.sign(null, content, privateKey).toString("base64")}`;
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": (signatures ?? ((s) => s.v1))({ v1, v1a }),
  };
}

test("v1: a whsec_ secret verifies, whatever the case of the header names or the body's type", async () => {
  const headers = signed({});
  assert.equal((await verifyWebhook(SECRET, headers, BODY)).id, "evt_1");
  const shouting = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
  await verifyWebhook(SECRET, shouting, Buffer.from(BODY));
  await verifyWebhook(SECRET, new Headers(headers), new TextEncoder().encode(BODY).buffer);
  await verifyWebhook(SECRET.slice("whsec_".length), headers, BODY); // the bare base64 too
});

test("v1a: a whpk_ public key verifies an Ed25519 signature", async () => {
  const headers = signed({ signatures: (s) => s.v1a });
  assert.equal((await verifyWebhook(PUBLIC_KEY, headers, BODY)).type, "message.created");
  await assert.rejects(verifyWebhook(SECRET, headers, BODY), /no matching signature/);
});

test("during a rotation any one matching signature of several is enough", async () => {
  const other = `v1,${crypto.randomBytes(32).toString("base64")}`;
  const headers = signed({ signatures: (s) => `${other} v1,not*base64 ${s.v1}` });
  await verifyWebhook(SECRET, headers, BODY);
  await verifyWebhook(PUBLIC_KEY, signed({ signatures: (s) => `${s.v1} ${s.v1a}` }), BODY);
});

test("a changed body, id or timestamp is refused", async () => {
  const headers = signed({});
  await assert.rejects(verifyWebhook(SECRET, headers, BODY.replace("created", "deleted")), WebhookVerificationError);
  await assert.rejects(verifyWebhook(SECRET, { ...headers, "webhook-id": "evt_2" }, BODY), WebhookVerificationError);
  const later = String(Number(headers["webhook-timestamp"]) + 1);
  await assert.rejects(verifyWebhook(SECRET, { ...headers, "webhook-timestamp": later }, BODY), WebhookVerificationError);
});

test("a timestamp more than 5 minutes away is refused, signed or not", async () => {
  const old = signed({ timestamp: Math.floor(Date.now() / 1000) - 301 });
  await assert.rejects(verifyWebhook(SECRET, old, BODY), /more than 300 seconds/);
  const future = signed({ timestamp: Math.floor(Date.now() / 1000) + 301 });
  await assert.rejects(verifyWebhook(SECRET, future, BODY), WebhookVerificationError);
  const then = Number(old["webhook-timestamp"]) * 1000;
  await verifyWebhook(SECRET, old, BODY, { now: then }); // as of when it was sent
});

test("missing headers and parsed bodies are refused with a reason", async () => {
  const headers = signed({});
  for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    const without = { ...headers };
    delete without[name];
    await assert.rejects(verifyWebhook(SECRET, without, BODY), new RegExp(`missing header ${name}`));
  }
  await assert.rejects(verifyWebhook(SECRET, headers, JSON.parse(BODY)), TypeError);
  await assert.rejects(verifyWebhook("whpk_c2hvcnQ=", headers, BODY), /32 bytes/);
});
