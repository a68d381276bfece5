import { segment } from "./http.js";
import { listOf } from "./page.js";

/** project.sessions: the sessions gatherings started (read only). */
export class Sessions {
  #transport;

  constructor(transport) {
    this.#transport = transport;
  }

  get(id, options = {}) {
    return this.#transport.request("GET", `/v1/sessions/${segment(id)}`, options);
  }

  /** GET /v1/sessions ({ gatheringId, limit, after }). */
  list(query = {}, options = {}) {
    return listOf(this.#transport, "/v1/sessions", query, (s) => s, options);
  }
}
