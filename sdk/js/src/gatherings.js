import { segment } from "./http.js";
import { listOf } from "./page.js";
import { Invitation } from "./invitations.js";
import { Watch } from "./watch.js";

/** project.gatherings: create, get, list, update, start, end, cancel, joinByCode. */
export class Gatherings {
  #context;

  constructor(context) {
    this.#context = context;
  }

  /** POST /v1/gatherings: a lobby, appointment or open gathering. */
  async create(input, options = {}) {
    return this.#wrap(await this.#request("POST", "/v1/gatherings", { body: input, ...options }));
  }

  /** GET /v1/gatherings/{id}. */
  async get(id, options = {}) {
    return this.#wrap(await this.#request("GET", path(id), options));
  }

  /** GET /v1/gatherings ({ type, status, listed, limit, after }): a Page of gatherings. */
  list(query = {}, options = {}) {
    return listOf(this.#context.transport, "/v1/gatherings", query, (g) => this.#wrap(g), options);
  }

  /** PATCH /v1/gatherings/{id}: only the fields given. */
  async update(id, patch, options = {}) {
    return this.#wrap(await this.#request("PATCH", path(id), { body: patch, ...options }));
  }

  /** POST /v1/gatherings/{id}/start ({ participantId?, roomId? }). */
  async start(id, input = {}, options = {}) {
    return this.#lifecycle(id, "start", input, options);
  }

  /** POST /v1/gatherings/{id}/end ({ participantId? }). */
  async end(id, input = {}, options = {}) {
    return this.#lifecycle(id, "end", input, options);
  }

  /** POST /v1/gatherings/{id}/cancel ({ participantId? }). */
  async cancel(id, input = {}, options = {}) {
    return this.#lifecycle(id, "cancel", input, options);
  }

  /**
   * POST /v1/gatherings/join: joins by a join code (case, hyphens and spaces ignored);
   * resolves to { gathering, member }.
   */
  async joinByCode({ joinCode, participantId }, options = {}) {
    const joined = await this.#request("POST", "/v1/gatherings/join", {
      body: { joinCode, participantId },
      ...options,
    });
    return { gathering: this.#wrap(joined.gathering), member: joined.member };
  }

  async #lifecycle(id, action, input, options) {
    const body = await this.#request("POST", `${path(id)}/${action}`, { body: input, ...options });
    return this.#wrap(body);
  }

  #request(method, url, options) {
    return this.#context.transport.request(method, url, options);
  }

  #wrap(data) {
    return new Gathering(this.#context, data);
  }
}

/**
 * A gathering: its fields as Herald returned them (id, name, type, status, joinCode, ...), and
 * what can be done with it. Lifecycle calls and refresh() update the fields in place.
 */
export class Gathering {
  #context;

  constructor(context, data) {
    this.#context = context;
    Object.assign(this, data);
  }

  /** Reads the gathering again. */
  async refresh(options = {}) {
    return this.#assign(await this.#request("GET", path(this.id), options));
  }

  /** PATCH: only the fields given. */
  async update(patch, options = {}) {
    return this.#assign(await this.#request("PATCH", path(this.id), { body: patch, ...options }));
  }

  /** Starts a lobby or appointment ({ roomId?, participantId? }); a roomId creates a session. */
  async start(input = {}, options = {}) {
    return this.#lifecycle("start", input, options);
  }

  async end(input = {}, options = {}) {
    return this.#lifecycle("end", input, options);
  }

  async cancel(input = {}, options = {}) {
    return this.#lifecycle("cancel", input, options);
  }

  /** POST …/members ({ participantId }): joins (or joins again after leaving). */
  addMember({ participantId }, options = {}) {
    return this.#request("POST", `${path(this.id)}/members`, {
      body: { participantId },
      ...options,
    });
  }

  /** GET …/members: every member, in the order they were first added. */
  async listMembers(options = {}) {
    return (await this.#request("GET", `${path(this.id)}/members`, options)).data;
  }

  /** PATCH …/members/{participantId} { state: "ready" } (lobbies, while waiting). */
  ready(participant, options = {}) {
    return this.#memberState(participant, "ready", options);
  }

  /** PATCH …/members/{participantId} { state: "left" }. */
  leave(participant, options = {}) {
    return this.#memberState(participant, "left", options);
  }

  /** DELETE …/members/{participantId}: removes a member (gathering.member.left, "removed"). */
  async remove(participant, options = {}) {
    await this.#request("DELETE", member(this.id, participant), options);
  }

  /** POST …/invitations ({ participantIds?, emails? }): invites; resolves to the invitations. */
  invite(input, options = {}) {
    return this.#invitations("POST", `${path(this.id)}/invitations`, { body: input, ...options });
  }

  /** POST …/invitations/send: invites and (re)queues the invitation emails in one call. */
  sendInvitations(input, options = {}) {
    return this.#invitations("POST", `${path(this.id)}/invitations/send`, {
      body: input,
      ...options,
    });
  }

  /** GET …/invitations. */
  listInvitations(options = {}) {
    return this.#invitations("GET", `${path(this.id)}/invitations`, options);
  }

  /** GET /v1/sessions?gatheringId=: the sessions this gathering started. */
  listSessions(query = {}, options = {}) {
    return this.#context.project.sessions.list({ ...query, gatheringId: this.id }, options);
  }

  /** The members, live: `.onSnapshot((members, changes) => …)`. */
  watchMembers() {
    return this.#watch("members", (m) => m.participantId);
  }

  /** The invitations, live: `.onSnapshot((invitations, changes) => …)`. */
  watchInvitations() {
    return this.#watch("invitations", (i) => i.id);
  }

  /** The fields only. */
  toJSON() {
    return { ...this };
  }

  #watch(list, key) {
    const { transport, streams, reconnect } = this.#context;
    return new Watch(transport, `${path(this.id)}/${list}/watch`, key, streams, reconnect);
  }

  async #lifecycle(action, input, options) {
    const body = await this.#request("POST", `${path(this.id)}/${action}`, {
      body: input,
      ...options,
    });
    return this.#assign(body);
  }

  #memberState(participant, state, options) {
    return this.#request("PATCH", member(this.id, participant), { body: { state }, ...options });
  }

  async #invitations(method, url, options) {
    const list = await this.#request(method, url, options);
    return list.data.map((i) => new Invitation(this.#context, i));
  }

  #assign(data) {
    Object.assign(this, data);
    return this;
  }

  #request(method, url, options) {
    return this.#context.transport.request(method, url, options);
  }
}

function path(id) {
  return `/v1/gatherings/${segment(id)}`;
}

function member(gatheringId, participant) {
  const id = typeof participant === "object" ? participant?.participantId : participant;
  return `${path(gatheringId)}/members/${segment(id)}`;
}
