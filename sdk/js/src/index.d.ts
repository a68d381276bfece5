// Herald's JavaScript/TypeScript SDK: the fluent layer's declarations (written by hand), over the
// wire types generated from api/openapi.json (./wire.d.ts).
import type { components } from "./wire.js";

type Schemas = components["schemas"];

/** The wire types, as Herald's OpenAPI document describes them. */
export type GatheringIn = Schemas["GatheringIn"];
export type GatheringOut = Schemas["GatheringOut"];
export type GatheringPatch = Schemas["GatheringPatch"];
export type LifecycleIn = Schemas["LifecycleIn"];
export type JoinIn = Schemas["JoinIn"];
export type MemberIn = Schemas["MemberIn"];
export type Member = Schemas["MemberOut"];
export type InvitationIn = Schemas["InvitationIn"];
export type InvitationOut = Schemas["InvitationOut"];
export type ParticipantIn = Schemas["ParticipantIn"];
export type Participant = Schemas["ParticipantOut"];
export type ParticipantPatch = Schemas["ParticipantPatch"];
export type Session = Schemas["SessionOut"];
export type EventIn = Schemas["EventIn"];
export type DomainEvent = Schemas["DomainEvent"];
export type EventType = Schemas["EventTypeOut"];
export type WebhookIn = Schemas["WebhookIn"];
export type Webhook = Schemas["WebhookOut"];
export type WebhookPatch = Schemas["WebhookPatch"];
export type WebhookSecret = Schemas["SecretOut"];
export type RotateIn = Schemas["RotateIn"];
export type TestIn = Schemas["TestIn"];
export type TestOut = Schemas["TestOut"];
export type RecoverIn = Schemas["RecoverIn"];
export type RecoverOut = Schemas["RecoverOut"];
export type Delivery = Schemas["DeliveryState"];
export type DeliveryWithAttempts = Schemas["DeliveryOut"];
export type Attempt = Schemas["Attempt"];
export type Problem = Schemas["Problem"];
export type { components, paths, operations } from "./wire.js";

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Per-call options of a POST. */
export interface PostOptions extends CallOptions {
  /** Sent as Idempotency-Key (1-255 characters); without it the SDK makes one per call. */
  idempotencyKey?: string;
}

/** How requests are retried: no answer, 5xx, 429 (Retry-After honoured), bounded. */
export interface RetryOptions {
  /** Attempts after the first (default 3). */
  maxRetries?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** The longest Retry-After honoured (default 30 s). */
  maxRetryAfterMs?: number;
}

/** How streams and watch subscriptions reconnect. */
export interface ReconnectOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
  /** No byte for this long (Herald sends a heartbeat every 15 s): reconnect (default 45 s). */
  idleTimeoutMs?: number;
}

export interface HeraldOptions {
  /** Where Herald listens, e.g. "http://localhost:8080". */
  url: string;
  /** A project's API key (hrd_...). */
  apiKey: string;
  /** A fetch of your own (default: the platform's). */
  fetch?: typeof fetch;
  retries?: RetryOptions;
  /** Per attempt, including reading the answer (default 30 s). */
  timeoutMs?: number;
  reconnect?: ReconnectOptions;
}

export declare const DEFAULT_RETRIES: Readonly<Required<RetryOptions>>;
export declare const DEFAULT_RECONNECT: Readonly<Required<ReconnectOptions>>;

/** A client of one Herald project. */
export declare class Herald {
  constructor(options: HeraldOptions);
  /** The resources of the API key's project. */
  readonly project: Project;
  /** Ends every event stream and watch subscription this client opened. */
  close(): void;
}

export declare class Project {
  readonly gatherings: Gatherings;
  readonly invitations: Invitations;
  readonly participants: Participants;
  readonly sessions: Sessions;
  readonly events: Events;
  readonly webhooks: Webhooks;
  readonly deliveries: Deliveries;
}

/** An error answer of Herald (problem+json), or no answer at all (status 0, "network_error"). */
export declare class HeraldError extends Error {
  readonly name: "HeraldError";
  /** The HTTP status; 0 when Herald did not answer. */
  readonly status: number;
  /** Herald's stable machine code: "not_found", "validation_failed", "conflict", ... */
  readonly code: string;
  readonly detail: string | null;
  /** The offending fields of a 422. */
  readonly errors: Array<{ field?: string; message?: string }>;
  readonly type: string | null;
  readonly title: string | null;
  readonly instance: string | null;
  /** Seconds Herald asked to wait (Retry-After), if it did. */
  readonly retryAfter: number | null;
  toJSON(): Problem;
}

/** One page of a list; `for await` walks every item from this page on. */
export declare class Page<T> implements AsyncIterable<T> {
  readonly data: T[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
  /** The next page, or null after the last. */
  next(): Promise<Page<T> | null>;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

export interface ListQuery {
  limit?: number;
  after?: string;
}

export interface GatheringQuery extends ListQuery {
  type?: "lobby" | "appointment" | "open";
  status?: string;
  listed?: boolean;
}

/** What to create: the wire's GatheringIn, with the seed's names and literal types. */
export interface CreateGathering extends Omit<GatheringIn, "type" | "visibility"> {
  name: string;
  type: "lobby" | "appointment" | "open";
  visibility?: "listed" | "unlisted";
}

export interface JoinByCode {
  joinCode: string;
  participantId: string;
}

export interface Joined {
  gathering: Gathering;
  member: Member;
}

/** project.gatherings */
export declare class Gatherings {
  create(input: CreateGathering, options?: PostOptions): Promise<Gathering>;
  get(id: string, options?: CallOptions): Promise<Gathering>;
  list(query?: GatheringQuery, options?: CallOptions): Promise<Page<Gathering>>;
  update(id: string, patch: GatheringPatch, options?: CallOptions): Promise<Gathering>;
  start(id: string, input?: LifecycleIn, options?: PostOptions): Promise<Gathering>;
  end(id: string, input?: LifecycleIn, options?: PostOptions): Promise<Gathering>;
  cancel(id: string, input?: LifecycleIn, options?: PostOptions): Promise<Gathering>;
  /** Joins by code (case, hyphens and spaces ignored). */
  joinByCode(input: JoinByCode, options?: PostOptions): Promise<Joined>;
}

/** A member's participant id, or the member itself. */
export type MemberRef = string | { participantId?: string };

export interface Gathering extends Omit<GatheringOut, "id" | "name" | "type" | "status"> {}

/** A gathering's fields, and what can be done with it. Lifecycle calls update it in place. */
export declare class Gathering {
  readonly id: string;
  name: string;
  type: "lobby" | "appointment" | "open";
  status: string;
  refresh(options?: CallOptions): Promise<this>;
  update(patch: GatheringPatch, options?: CallOptions): Promise<this>;
  start(input?: LifecycleIn, options?: PostOptions): Promise<this>;
  end(input?: LifecycleIn, options?: PostOptions): Promise<this>;
  cancel(input?: LifecycleIn, options?: PostOptions): Promise<this>;
  addMember(input: { participantId: string }, options?: PostOptions): Promise<Member>;
  listMembers(options?: CallOptions): Promise<Member[]>;
  /** Marks a member ready (lobbies, while waiting). */
  ready(member: MemberRef, options?: CallOptions): Promise<Member>;
  leave(member: MemberRef, options?: CallOptions): Promise<Member>;
  /** Removes a member (gathering.member.left with reason "removed"). */
  remove(member: MemberRef, options?: CallOptions): Promise<void>;
  invite(input: InvitationIn, options?: PostOptions): Promise<Invitation[]>;
  /** Invites and queues the invitation emails (again, for existing invitations). */
  sendInvitations(input: InvitationIn, options?: PostOptions): Promise<Invitation[]>;
  listInvitations(options?: CallOptions): Promise<Invitation[]>;
  listSessions(query?: ListQuery, options?: CallOptions): Promise<Page<Session>>;
  watchMembers(): Watch<Member>;
  watchInvitations(): Watch<InvitationOut>;
  toJSON(): GatheringOut;
}

export interface Invitation extends Omit<InvitationOut, "id"> {}

/** An invitation's fields, with accept and decline (which update it in place). */
export declare class Invitation {
  readonly id: string;
  accept(options?: PostOptions): Promise<this>;
  decline(options?: PostOptions): Promise<this>;
  toJSON(): InvitationOut;
}

/** project.invitations */
export declare class Invitations {
  accept(invitation: string | { id?: string }, options?: PostOptions): Promise<Invitation>;
  decline(invitation: string | { id?: string }, options?: PostOptions): Promise<Invitation>;
  acceptByToken(token: string, options?: PostOptions): Promise<Invitation>;
  declineByToken(token: string, options?: PostOptions): Promise<Invitation>;
}

/** One change between two snapshots, in Firestore's shape. */
export interface Change<T> {
  type: "added" | "modified" | "removed";
  item: T;
  /** -1 for "added". */
  oldIndex: number;
  /** -1 for "removed". */
  newIndex: number;
}

/** A live list. */
export declare class Watch<T> {
  /**
   * Calls next(items, changes) with the whole list and what changed since the previous call:
   * first every item "added", then each change once, across reconnections. error receives what
   * ends the subscription (e.g. a 404). Returns the unsubscribe function.
   */
  onSnapshot(next: (items: T[], changes: Change<T>[]) => void, error?: (error: unknown) => void): () => void;
}

/** The changes from before to after, as Herald's watch streams compute them. */
export declare function diff<T>(before: T[], after: T[], key: (item: T) => string): Change<T>[];

export interface EventQuery extends ListQuery {
  types?: string | string[];
  resourceId?: string;
}

export interface StreamOptions {
  /** Type patterns: "message.created", "gathering.*", "*". */
  types?: string | string[];
  /** Resume after this event (its sequence or evt_ id); default: from the moment it connects. */
  lastEventId?: string;
  reconnect?: ReconnectOptions;
}

/** project.events */
export declare class Events {
  publish(event: EventIn & { type: string; resourceId: string }, options?: PostOptions): Promise<DomainEvent>;
  list(query?: EventQuery, options?: CallOptions): Promise<Page<DomainEvent>>;
  get(id: string, options?: CallOptions): Promise<DomainEvent>;
  /** The catalog (GET /v1/event-types). */
  types(options?: CallOptions): Promise<EventType[]>;
  stream(options?: StreamOptions): EventStream;
  /** The seed's name for stream(). */
  watch(options?: StreamOptions): EventStream;
}

/** The live event stream: an async iterable, or listeners through on(). */
export declare class EventStream implements AsyncIterable<DomainEvent> {
  /** The sequence of the last event received. */
  readonly lastEventId: string | null;
  /** Resolves once the first connection is open. */
  readonly opened: Promise<void>;
  close(): void;
  [Symbol.asyncIterator](): AsyncIterator<DomainEvent>;
  on(type: "open", listener: () => void): this;
  on(type: "error", listener: (error: unknown) => void): this;
  /** "event" for every event, or an exact type such as "gathering.member.joined". */
  on(type: string, listener: (event: DomainEvent) => void): this;
  off(type: string, listener: (...args: any[]) => void): this;
}

/** project.participants */
export declare class Participants {
  create(input: ParticipantIn & { id: string }, options?: PostOptions): Promise<Participant>;
  get(id: string, options?: CallOptions): Promise<Participant>;
  list(query?: ListQuery, options?: CallOptions): Promise<Page<Participant>>;
  update(id: string, patch: ParticipantPatch, options?: CallOptions): Promise<Participant>;
  delete(id: string, options?: CallOptions): Promise<void>;
}

/** project.sessions */
export declare class Sessions {
  get(id: string, options?: CallOptions): Promise<Session>;
  list(query?: ListQuery & { gatheringId?: string }, options?: CallOptions): Promise<Page<Session>>;
}

export interface DeliveryQuery extends ListQuery {
  status?: "pending" | "retrying" | "delivered" | "failed";
  eventType?: string;
  since?: string;
}

/** project.webhooks */
export declare class Webhooks {
  create(input: WebhookIn & { url: string; eventTypes: string[] }, options?: PostOptions): Promise<Webhook>;
  get(id: string, options?: CallOptions): Promise<Webhook>;
  list(query?: ListQuery, options?: CallOptions): Promise<Page<Webhook>>;
  update(id: string, patch: WebhookPatch, options?: CallOptions): Promise<Webhook>;
  delete(id: string, options?: CallOptions): Promise<void>;
  secret(id: string, options?: CallOptions): Promise<WebhookSecret>;
  rotateSecret(id: string, input?: RotateIn, options?: PostOptions): Promise<WebhookSecret>;
  test(id: string, input: TestIn, options?: PostOptions): Promise<TestOut>;
  recover(id: string, input: Date | { since: string | Date }, options?: PostOptions): Promise<RecoverOut>;
  deliveries(id: string, query?: DeliveryQuery, options?: CallOptions): Promise<Page<Delivery>>;
}

/** project.deliveries */
export declare class Deliveries {
  list(query?: DeliveryQuery & { webhookId?: string }, options?: CallOptions): Promise<Page<Delivery>>;
  get(id: string, options?: CallOptions): Promise<DeliveryWithAttempts>;
  retry(id: string, options?: PostOptions): Promise<Delivery>;
}

/** A webhook request that does not carry a valid Herald signature, or is too old. */
export declare class WebhookVerificationError extends Error {
  readonly name: "WebhookVerificationError";
}

export declare const WEBHOOK_TOLERANCE_SECONDS: number;

export type WebhookHeaders =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

/**
 * Checks a webhook request's signature (v1 HMAC-SHA256 with a whsec_ secret, v1a Ed25519 with a
 * whpk_ public key) and its timestamp (5 minutes); resolves to the parsed event.
 */
export declare function verifyWebhook(
  secretOrPublicKey: string,
  headers: WebhookHeaders,
  body: string | ArrayBuffer | ArrayBufferView,
  options?: { now?: number | Date; toleranceSeconds?: number },
): Promise<DomainEvent>;
