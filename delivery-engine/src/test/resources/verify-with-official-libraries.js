// Verifies one Herald request with the official Standard Webhooks and Svix libraries (v1), or
// for an Ed25519 webhook (v1a) with Node's own crypto (OpenSSL), from the public key in both of
// the forms Herald publishes.
// Input (environment): SECRET or PUBLIC_KEY and PUBLIC_KEY_DER, WEBHOOK_ID, WEBHOOK_TIMESTAMP,
// WEBHOOK_SIGNATURE, BODY.
const crypto = require('crypto');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');

const headers = {
  'webhook-id': process.env.WEBHOOK_ID,
  'webhook-timestamp': process.env.WEBHOOK_TIMESTAMP,
  'webhook-signature': process.env.WEBHOOK_SIGNATURE,
};
const body = process.env.BODY;
const results = {};
if (process.env.PUBLIC_KEY) {
  const signed = Buffer.from(
    `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`, 'utf8');
  const signatures = headers['webhook-signature'].split(' ')
    .filter((s) => s.startsWith('v1a,'))
    .map((s) => Buffer.from(s.slice(4), 'base64'));
  const raw = Buffer.from(process.env.PUBLIC_KEY.replace(/^whpk_/, ''), 'base64');
  const keys = {
    'node-ed25519-der': crypto.createPublicKey({
      key: Buffer.from(process.env.PUBLIC_KEY_DER, 'base64'), format: 'der', type: 'spki' }),
    'node-ed25519-raw': crypto.createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' }),
  };
  for (const [name, key] of Object.entries(keys)) {
    results[name] = signatures.some((sig) => crypto.verify(null, signed, key, sig))
      ? 'verified' : 'refused';
  }
} else {
  for (const [name, Verifier] of [['standardwebhooks', StandardWebhook], ['svix', SvixWebhook]]) {
    try {
      new Verifier(process.env.SECRET).verify(body, headers);
      results[name] = 'verified';
    } catch (e) {
      results[name] = 'refused: ' + e.message;
    }
  }
}
console.log(JSON.stringify(results));
