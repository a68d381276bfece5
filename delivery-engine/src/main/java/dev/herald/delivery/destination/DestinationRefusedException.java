package dev.herald.delivery.destination;

import java.io.IOException;

/** A webhook destination Herald will not connect to; the message says why and how to allow it. */
public final class DestinationRefusedException extends IOException {

  private static final long serialVersionUID = 1L;

  public DestinationRefusedException(String message) {
    super(message);
  }

  /** The refusal in {@code error}'s causes, or {@code null}. */
  public static DestinationRefusedException in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof DestinationRefusedException refused) {
        return refused;
      }
    }
    return null;
  }
}
