// Verifies one Herald request with the official Standard Webhooks and Svix libraries.
// Input (environment): SECRET, WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE, BODY.
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');

const headers = {
  'webhook-id': process.env.WEBHOOK_ID,
  'webhook-timestamp': process.env.WEBHOOK_TIMESTAMP,
  'webhook-signature': process.env.WEBHOOK_SIGNATURE,
};
const body = process.env.BODY;
const results = {};
for (const [name, Verifier] of [['standardwebhooks', StandardWebhook], ['svix', SvixWebhook]]) {
  try {
    new Verifier(process.env.SECRET).verify(body, headers);
    results[name] = 'verified';
  } catch (e) {
    results[name] = 'refused: ' + e.message;
  }
}
console.log(JSON.stringify(results));
