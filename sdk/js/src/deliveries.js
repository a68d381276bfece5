import { segment } from "./http.js";
import { listOf } from "./page.js";

/** project.deliveries: the delivery log, one delivery with its attempts, and retries. */
export class Deliveries {
  #transport;

  constructor(transport) {
    this.#transport = transport;
  }

  /** GET /v1/deliveries ({ webhookId, status, eventType, since, limit, after }), newest first. */
  list(query = {}, options = {}) {
    return listOf(this.#transport, "/v1/deliveries", query, (d) => d, options);
  }

  /** GET /v1/deliveries/{id}, with its attempts. */
  get(id, options = {}) {
    return this.#transport.request("GET", `/v1/deliveries/${segment(id)}`, options);
  }

  /** POST …/retry: one new attempt now, whatever the delivery's state. */
  retry(id, options = {}) {
    return this.#transport.request("POST", `/v1/deliveries/${segment(id)}/retry`, options);
  }
}
