import { segment } from "./http.js";
import { listOf } from "./page.js";

/** project.webhooks: subscriptions of URLs to event types, their secrets, tests and recovery. */
export class Webhooks {
  #transport;

  constructor(transport) {
    this.#transport = transport;
  }

  /** POST /v1/webhooks ({ url, eventTypes, ... }); the answer carries the secret or public key. */
  create(input, options = {}) {
    return this.#transport.request("POST", "/v1/webhooks", { body: input, ...options });
  }

  get(id, options = {}) {
    return this.#transport.request("GET", path(id), options);
  }

  list(query = {}, options = {}) {
    return listOf(this.#transport, "/v1/webhooks", query, (w) => w, options);
  }

  /** PATCH: only the fields given (`enabled: true` also clears a disable). */
  update(id, patch, options = {}) {
    return this.#transport.request("PATCH", path(id), { body: patch, ...options });
  }

  async delete(id, options = {}) {
    await this.#transport.request("DELETE", path(id), options);
  }

  /** GET …/secret: what a receiver verifies with (secret, or publicKey and publicKeyDer). */
  secret(id, options = {}) {
    return this.#transport.request("GET", `${path(id)}/secret`, options);
  }

  /** POST …/rotate-secret ({ signatureScheme?, graceSeconds? }): a new secret or key pair. */
  rotateSecret(id, input = {}, options = {}) {
    return this.#transport.request("POST", `${path(id)}/rotate-secret`, {
      body: input,
      ...options,
    });
  }

  /** POST …/test ({ eventType }): sends a signed example event now; resolves to the outcome. */
  test(id, input, options = {}) {
    return this.#transport.request("POST", `${path(id)}/test`, { body: input, ...options });
  }

  /** POST …/recover ({ since }): sends every failed delivery since then again. */
  recover(id, input, options = {}) {
    const body = input instanceof Date ? { since: input.toISOString() } : since(input);
    return this.#transport.request("POST", `${path(id)}/recover`, { body, ...options });
  }

  /** GET …/deliveries ({ status, eventType, since, limit, after }). */
  deliveries(id, query = {}, options = {}) {
    return listOf(this.#transport, `${path(id)}/deliveries`, query, (d) => d, options);
  }
}

function path(id) {
  return `/v1/webhooks/${segment(id)}`;
}

function since(input) {
  return input?.since instanceof Date ? { ...input, since: input.since.toISOString() } : input;
}
