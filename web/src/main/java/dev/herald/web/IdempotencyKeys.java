package dev.herald.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpStatus;

/**
 * What every endpoint taking an {@code Idempotency-Key} agrees on: the header, its limits, its
 * errors.
 */
public final class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";

  /** Marks a response that repeats the first answer to a key. */
  public static final String REPLAYED = "Idempotent-Replayed";

  static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {}

  /**
   * @throws ApiException 400 when the key is blank, too long or holds a control character
   */
  public static void check(String key) {
    if (key.isBlank() || key.length() > MAX_LENGTH) {
      throw ApiException.badRequest(HEADER + " must be 1 to " + MAX_LENGTH + " characters");
    }
    String problem = TextRules.problemInParameter(key);
    if (problem != null) {
      throw ApiException.badRequest(HEADER + " " + problem);
    }
  }

  /** 422: the key was first used with another request. */
  public static ApiException reused(String key) {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "idempotency_key_reused",
        HEADER
            + " '"
            + key
            + "' was already used with a different request; use a new key for a new request");
  }

  /** The SHA-256 of a request's parts, in order: what two requests are compared by. */
  public static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
