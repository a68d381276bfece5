package dev.herald.delivery.feed;

/**
 * Ends a stream whose consumer fell further behind the live feed than its buffer holds: the client
 * reconnects with {@code Last-Event-ID} and catches up from the log, rather than this instance
 * holding its backlog in memory without end.
 */
public class FallenBehind extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FallenBehind(int buffered) {
    super("the stream fell more than " + buffered + " events behind", null, false, false);
  }
}
