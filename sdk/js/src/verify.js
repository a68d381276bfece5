import { WebhookVerificationError } from "./errors.js";

/** How far a webhook's timestamp may be from now, in seconds (as Herald's Java verifier). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "whsec_";
const PUBLIC_KEY_PREFIX = "whpk_";

/**
 * Checks that a webhook request came from Herald (Standard Webhooks): `v1` HMAC-SHA256 with the
 * endpoint's `whsec_` secret, or `v1a` Ed25519 with its `whpk_` public key, over
 * "{webhook-id}.{webhook-timestamp}.{body}", the timestamp within 5 minutes of now. Pass the raw
 * body (string or bytes) exactly as received. Resolves to the parsed event; rejects with a
 * WebhookVerificationError. Uses WebCrypto (browsers, Deno, Node 18+).
 */
export async function verifyWebhook(secretOrPublicKey, headers, body, options = {}) {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  const seconds = Number(timestamp.trim());
  if (!Number.isInteger(seconds)) {
    throw new WebhookVerificationError("webhook-timestamp is not a number of seconds");
  }
  const now = Math.floor(Number(options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(now - seconds) > tolerance) {
    throw new WebhookVerificationError(
      `webhook-timestamp is more than ${tolerance} seconds away from now`,
    );
  }
  const bytes = bodyBytes(body);
  const signed = concat(new TextEncoder().encode(`${id}.${seconds}.`), bytes);
  const subtle = await subtleCrypto();
  const { scheme, key, algorithm } = await importKey(subtle, secretOrPublicKey);
  for (const candidate of signatures.trim().split(/ +/)) {
    const comma = candidate.indexOf(",");
    if (comma < 0 || candidate.slice(0, comma).toLowerCase() !== scheme) {
      continue;
    }
    const signature = base64(candidate.slice(comma + 1));
    if (signature && (await subtle.verify(algorithm, key, signature, signed))) {
      return JSON.parse(new TextDecoder().decode(bytes));
    }
  }
  throw new WebhookVerificationError("no matching signature");
}

async function importKey(subtle, secretOrPublicKey) {
  if (typeof secretOrPublicKey !== "string" || secretOrPublicKey === "") {
    throw new TypeError("verifyWebhook: a whsec_ secret or a whpk_ public key is required");
  }
  if (secretOrPublicKey.startsWith(PUBLIC_KEY_PREFIX)) {
    const raw = base64(secretOrPublicKey.slice(PUBLIC_KEY_PREFIX.length));
    if (!raw || raw.length !== 32) {
      throw new TypeError("verifyWebhook: an Ed25519 public key (whpk_) has 32 bytes");
    }
    const algorithm = { name: "Ed25519" };
    const key = await subtle.importKey("raw", raw, algorithm, false, ["verify"]);
    return { scheme: "v1a", key, algorithm };
  }
  const encoded = secretOrPublicKey.startsWith(SECRET_PREFIX)
    ? secretOrPublicKey.slice(SECRET_PREFIX.length)
    : secretOrPublicKey;
  const raw = base64(encoded);
  if (!raw) {
    throw new TypeError("verifyWebhook: the secret is not base64 after whsec_");
  }
  const algorithm = { name: "HMAC", hash: "SHA-256" };
  const key = await subtle.importKey("raw", raw, algorithm, false, ["verify"]);
  return { scheme: "v1", key, algorithm: "HMAC" };
}

function header(headers, name) {
  let value;
  if (headers && typeof headers.get === "function") {
    value = headers.get(name);
  } else if (headers) {
    const found = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = found === undefined ? undefined : headers[found];
  }
  if (Array.isArray(value)) {
    value = value[0];
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw new WebhookVerificationError(`missing header ${name}`);
  }
  return value;
}

function bodyBytes(body) {
  if (typeof body === "string") {
    return new TextEncoder().encode(body);
  }
  if (body instanceof ArrayBuffer) {
    return new Uint8Array(body);
  }
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
  throw new TypeError("verifyWebhook: the body must be the raw string or bytes, not parsed JSON");
}

function concat(a, b) {
  const both = new Uint8Array(a.length + b.length);
  both.set(a, 0);
  both.set(b, a.length);
  return both;
}

/** Standard base64 to bytes; null when it is not base64. */
function base64(text) {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    return null;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

async function subtleCrypto() {
  if (globalThis.crypto?.subtle) {
    return globalThis.crypto.subtle;
  }
  // Node 18 has WebCrypto, though not as a global; the name is held in a variable so that
  // bundlers for browsers (where the global exists) leave it alone
  const nodeCrypto = "node:crypto";
  return (await import(nodeCrypto)).webcrypto.subtle;
}
