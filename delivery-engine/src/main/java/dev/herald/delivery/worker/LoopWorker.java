package dev.herald.delivery.worker;

import org.springframework.context.SmartLifecycle;

/**
 * A background worker whose life is its {@link WorkerLoop}'s: started with the application context
 * (when {@link #enabled}), stopped with it. The one lifecycle the workers share; a worker says only
 * what its loop is, whether it runs on this instance, and what it needs set up around its loop.
 */
public abstract class LoopWorker implements SmartLifecycle {

  /** The loop this worker runs (made in the worker's constructor). */
  protected abstract WorkerLoop loop();

  /**
   * Whether this instance runs the worker (e.g. {@code herald.webhooks.workers}); on by default.
   */
  protected boolean enabled() {
    return true;
  }

  /** Before the loop starts: what it needs (a pool of its own, say). */
  protected void beforeStart() {}

  /** After the loop has stopped: what {@link #beforeStart} set up, released. */
  protected void afterStop() {}

  @Override
  public final void start() {
    if (enabled()) {
      beforeStart();
      loop().start();
    }
  }

  @Override
  public final void stop() {
    loop().stop();
    afterStop();
  }

  @Override
  public final boolean isRunning() {
    return loop().isRunning();
  }

  @Override
  public final boolean isAutoStartup() {
    return enabled();
  }
}
