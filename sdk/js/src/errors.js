/**
 * An error answer of Herald (application/problem+json, RFC 9457), or a request that got no answer
 * (status 0, code "network_error", the cause attached).
 */
export class HeraldError extends Error {
  constructor(problem, { headers, cause } = {}) {
    super(problem.detail || problem.title || `Herald answered ${problem.status}`, { cause });
    this.name = "HeraldError";
    /** The HTTP status (0: no answer). */
    this.status = problem.status ?? 0;
    /** Herald's stable machine code, e.g. "not_found", "validation_failed", "conflict". */
    this.code = problem.code ?? "http_error";
    this.detail = problem.detail ?? null;
    /** The offending fields of a 422: [{ field, message }]. */
    this.errors = problem.errors ?? [];
    this.type = problem.type ?? null;
    this.title = problem.title ?? null;
    this.instance = problem.instance ?? null;
    /** Seconds Herald asked to wait (Retry-After), if it did. */
    this.retryAfter = retryAfterSeconds(headers?.get?.("retry-after"));
  }

  /** The problem+json body as Herald sent it. */
  toJSON() {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance: this.instance,
      code: this.code,
      errors: this.errors,
    };
  }
}

/** A webhook request whose signature does not check out (or that is too old). */
export class WebhookVerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value) {
  if (value == null || value === "") {
    return null;
  }
  if (/^\s*\d+\s*$/.test(value)) {
    return Number(value);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}
