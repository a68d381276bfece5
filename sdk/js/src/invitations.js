import { segment } from "./http.js";

/** project.invitations: answer an invitation by its id, or by the token of its email link. */
export class Invitations {
  #context;

  constructor(context) {
    this.#context = context;
  }

  /** POST /v1/invitations/{id}/accept. */
  accept(id, options = {}) {
    return this.#answer(`/v1/invitations/${segment(idOf(id))}/accept`, undefined, options);
  }

  /** POST /v1/invitations/{id}/decline. */
  decline(id, options = {}) {
    return this.#answer(`/v1/invitations/${segment(idOf(id))}/decline`, undefined, options);
  }

  /** POST /v1/invitations/accept { token }. */
  acceptByToken(token, options = {}) {
    return this.#answer("/v1/invitations/accept", { token }, options);
  }

  /** POST /v1/invitations/decline { token }. */
  declineByToken(token, options = {}) {
    return this.#answer("/v1/invitations/decline", { token }, options);
  }

  async #answer(url, body, options) {
    const answered = await this.#context.transport.request("POST", url, { body, ...options });
    return new Invitation(this.#context, answered);
  }
}

/** An invitation: its fields (id, participantId, email, status, emailStatus, ...), accept/decline. */
export class Invitation {
  #context;

  constructor(context, data) {
    this.#context = context;
    Object.assign(this, data);
  }

  /** Accepts (joining is still addMember); updates the fields in place. */
  async accept(options = {}) {
    return Object.assign(this, await this.#context.project.invitations.accept(this.id, options));
  }

  async decline(options = {}) {
    return Object.assign(this, await this.#context.project.invitations.decline(this.id, options));
  }

  toJSON() {
    return { ...this };
  }
}

function idOf(invitation) {
  return typeof invitation === "object" ? invitation?.id : invitation;
}
