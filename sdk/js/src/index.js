// Herald's JavaScript/TypeScript SDK: an ES module on the platform's fetch, no dependencies.
export { Herald, Project } from "./herald.js";
export { HeraldError, WebhookVerificationError } from "./errors.js";
export { verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from "./verify.js";
export { Gathering, Gatherings } from "./gatherings.js";
export { Invitation, Invitations } from "./invitations.js";
export { EventStream, Events } from "./events.js";
export { Watch, diff } from "./watch.js";
export { Page } from "./page.js";
export { DEFAULT_RETRIES } from "./http.js";
export { DEFAULT_RECONNECT } from "./sse.js";
