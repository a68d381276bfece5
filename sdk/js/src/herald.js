import { Transport } from "./http.js";
import { Deliveries } from "./deliveries.js";
import { Events } from "./events.js";
import { Gatherings } from "./gatherings.js";
import { Invitations } from "./invitations.js";
import { Participants } from "./participants.js";
import { Sessions } from "./sessions.js";
import { Webhooks } from "./webhooks.js";

/**
 * A client of one Herald project: `new Herald({ url, apiKey }).project` holds its resources.
 * close() ends every event stream and watch subscription it opened.
 */
export class Herald {
  #streams = new Set();

  constructor({ url, apiKey, fetch, retries, timeoutMs, reconnect } = {}) {
    const transport = new Transport({ url, apiKey, fetch, retries, timeoutMs });
    this.project = new Project(transport, this.#streams, reconnect);
  }

  /** Closes every open stream and watch subscription. */
  close() {
    for (const close of [...this.#streams]) {
      close();
    }
  }
}

/** The resources of the project the API key belongs to. */
export class Project {
  constructor(transport, streams, reconnect) {
    const context = { transport, streams, reconnect, project: this };
    this.gatherings = new Gatherings(context);
    this.invitations = new Invitations(context);
    this.participants = new Participants(transport);
    this.sessions = new Sessions(transport);
    this.events = new Events(transport, streams, reconnect);
    this.webhooks = new Webhooks(transport);
    this.deliveries = new Deliveries(transport);
  }
}
