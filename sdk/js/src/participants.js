import { segment } from "./http.js";
import { listOf } from "./page.js";

/** project.participants: the people of a project, under ids the caller chooses. */
export class Participants {
  #transport;

  constructor(transport) {
    this.#transport = transport;
  }

  /** POST /v1/participants ({ id, displayName?, email?, userData? }); 409 if the id is taken. */
  create(input, options = {}) {
    return this.#transport.request("POST", "/v1/participants", { body: input, ...options });
  }

  get(id, options = {}) {
    return this.#transport.request("GET", path(id), options);
  }

  /** GET /v1/participants ({ limit, after }), in id order. */
  list(query = {}, options = {}) {
    return listOf(this.#transport, "/v1/participants", query, (p) => p, options);
  }

  update(id, patch, options = {}) {
    return this.#transport.request("PATCH", path(id), { body: patch, ...options });
  }

  /** DELETE; 409 while they are a member of or invited to a gathering. */
  async delete(id, options = {}) {
    await this.#transport.request("DELETE", path(id), options);
  }
}

function path(id) {
  return `/v1/participants/${segment(id)}`;
}
