package dev.herald.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Collects every problem of a request body, then refuses it once with all of them (422). */
public final class Violations {

  private final List<ApiException.FieldProblem> problems = new ArrayList<>();

  /** Records a problem with {@code field} unless {@code ok}. */
  public Violations check(boolean ok, String field, String message) {
    if (!ok) {
      problems.add(new ApiException.FieldProblem(field, message));
    }
    return this;
  }

  public Violations add(String field, String message) {
    return check(false, field, message);
  }

  public boolean has(String field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  /** Throws a 422 naming every recorded field, if any. */
  public void throwIfAny() {
    java.util.Optional<ApiException> refusal = exception();
    if (refusal.isPresent()) {
      throw refusal.get();
    }
  }

  /** The 422 naming every recorded field, if any (for reactive code that emits it). */
  public java.util.Optional<ApiException> exception() {
    if (problems.isEmpty()) {
      return java.util.Optional.empty();
    }
    String detail =
        problems.size() == 1
            ? problems.get(0).field() + ": " + problems.get(0).message()
            : problems.size()
                + " fields are invalid: "
                + String.join(
                    ", ", problems.stream().map(ApiException.FieldProblem::field).toList());
    return java.util.Optional.of(
        new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", detail, problems));
  }

  /** The 422 for one invalid field. */
  public static ApiException invalid(String field, String message) {
    return new Violations().add(field, message).exception().orElseThrow();
  }
}
