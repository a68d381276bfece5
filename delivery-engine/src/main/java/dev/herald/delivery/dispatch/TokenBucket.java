package dev.herald.delivery.dispatch;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An endpoint's rate limit: {@code rate} tokens a second, refilled continuously, holding at most
 * one second's worth (so an endpoint idle for a while gets a burst of at most {@code rate}). Not
 * thread-safe: its lane's lock guards it.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private final LongSupplier nanoTime;
  private int rate;
  private double tokens;
  private long updated;

  TokenBucket(int rate, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.rate = rate;
    this.tokens = rate;
    this.updated = nanoTime.getAsLong();
  }

  int rate() {
    return rate;
  }

  /** A changed limit applies from now on; tokens beyond its burst go. */
  void rate(int rate) {
    refill();
    this.rate = rate;
    tokens = Math.min(tokens, rate);
  }

  /** Whole tokens available now. */
  int available() {
    refill();
    return (int) tokens;
  }

  /** Whether the bucket is full (an endpoint that has not sent for a second). */
  boolean full() {
    refill();
    return tokens >= rate;
  }

  /** Takes a token if there is one. */
  boolean tryTake() {
    refill();
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** How long until the next token. */
  Duration untilNext() {
    refill();
    return tokens >= 1
        ? Duration.ZERO
        : Duration.ofNanos((long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / rate));
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(rate, tokens + (now - updated) * rate / NANOS_PER_SECOND);
    updated = now;
  }
}
