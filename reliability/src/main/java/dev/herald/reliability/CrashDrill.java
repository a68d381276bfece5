package dev.herald.reliability;

import dev.herald.harness.HeraldClient;
import dev.herald.harness.HeraldProcess;
import dev.herald.harness.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a {@link CrashPlan}: starts Herald's packaged jar on an empty data folder, subscribes the
 * three {@link Endpoints}, publishes steadily, and crashes and restarts Herald as planned; then
 * waits for the deliveries to settle and reports what arrived.
 */
final class CrashDrill {

  /**
   * Herald as the drill runs it: retries close together (the failing receiver's deliveries are
   * retried within the drill), a short circuit-breaker pause, and no default project.
   */
  static final Map<String, String> HERALD_SETTINGS =
      Map.of(
          "HERALD_WEBHOOKS_RETRY_SCHEDULE", "0s,1s,2s,5s,10s,20s,30s,60s,120s,300s",
          "HERALD_WEBHOOKS_BREAKERPAUSE", "2s",
          // a delivery a killed Herald had claimed is taken again once its lease ends
          "HERALD_WEBHOOKS_TIMEOUT", "5s",
          "HERALD_WEBHOOKS_LEASE", "10s",
          "HERALD_BOOTSTRAP_DEFAULT_PROJECT", "false");

  private static final int START_ATTEMPTS = 3;

  private final CrashPlan plan;
  private final Path jar;
  private final Path work;
  private final int port;
  private final Random random;
  private HeraldProcess herald;

  private CrashDrill(CrashPlan plan, Path jar, Path work) throws IOException {
    this.plan = plan;
    this.jar = jar.toAbsolutePath();
    this.work = work.toAbsolutePath();
    this.port = HeraldProcess.freePort();
    this.random = new Random(plan.seed());
  }

  /**
   * Runs {@code plan} against {@code jar}; Herald's data and log go to a new folder in {@code
   * work}.
   */
  static CrashReport run(CrashPlan plan, Path jar, Path work) throws IOException {
    String name = plan.victim().name().toLowerCase(Locale.ROOT) + "-" + System.currentTimeMillis();
    Path runDir = Files.createDirectories(work.resolve(name));
    return new CrashDrill(plan, jar, runDir).run();
  }

  private CrashReport run() throws IOException {
    try (Endpoints endpoints = new Endpoints()) {
      herald = HeraldProcess.start(jar, work, port, HERALD_SETTINGS, plan.restartBound());
      HeraldClient client = new HeraldClient(herald.baseUrl(), 16);
      client.createProject();
      endpoints.subscribe(client);
      return crashUnderLoad(client, endpoints);
    } finally {
      if (herald != null) {
        herald.close();
      }
      // a failed start or restart leaves the embedded PostgreSQL it launched (it is no child of
      // the JVM): never leave it running past the drill
      Victim.stopLeftovers(HeraldProcess.dataDir(work));
    }
  }

  private CrashReport crashUnderLoad(HeraldClient client, Endpoints endpoints) throws IOException {
    Disposable recovery =
        Schedulers.parallel()
            .schedule(endpoints::recover, plan.failingFor().toMillis(), TimeUnit.MILLISECONDS);
    List<CrashReport.Restart> restarts = new ArrayList<>();
    Publisher publisher = new Publisher(client, plan.eventsPerSecond());
    try (publisher) {
      for (int kill = 1; kill <= plan.kills(); kill++) {
        awaitRandomMoment(publisher);
        plan.victim().kill(herald, HeraldProcess.dataDir(work));
        restarts.add(restart());
        log(kill, restarts.get(restarts.size() - 1), publisher);
      }
      awaitRandomMoment(publisher); // the last restart serves traffic too
    } finally {
      recovery.dispose();
    }
    endpoints.recover();
    Set<String> acknowledged = publisher.acknowledged();
    Instant published = Instant.now();
    boolean settled =
        Wait.until(
            () -> endpoints.allReceived(acknowledged), plan.settleBound(), Duration.ofMillis(250));
    Duration settledIn = Duration.between(published, Instant.now());
    return new CrashReport(
        plan,
        restarts,
        acknowledged.size(),
        publisher.refusals(),
        outcomes(endpoints, acknowledged),
        settledIn,
        settled);
  }

  /** Waits until a random number of further events (between the plan's uptimes) is acknowledged. */
  private void awaitRandomMoment(Publisher publisher) {
    long spanMillis = plan.maxUptime().toMillis() - plan.minUptime().toMillis();
    long uptimeMillis = plan.minUptime().toMillis() + (long) (random.nextDouble() * spanMillis);
    long target = publisher.acknowledgedCount() + plan.eventsPerSecond() * uptimeMillis / 1000;
    Duration bound = plan.maxUptime().multipliedBy(3);
    if (!Wait.until(() -> publisher.acknowledgedCount() >= target, bound, Duration.ofMillis(10))) {
      System.err.printf(
          "publishing fell behind: %d of %d acknowledged within %s; crashing anyway%n",
          publisher.acknowledgedCount(), target, bound);
    }
  }

  /** Starts Herald again on the same port and data folder; a failed start is tried again. */
  private CrashReport.Restart restart() throws IOException {
    Instant launched = Instant.now();
    for (int attempt = 1; ; attempt++) {
      try {
        herald = HeraldProcess.start(jar, work, port, HERALD_SETTINGS, plan.restartBound());
        return new CrashReport.Restart(attempt, Duration.between(launched, Instant.now()));
      } catch (IllegalStateException failed) {
        herald = null;
        System.err.printf("restart attempt %d failed: %s%n", attempt, failed.getMessage());
        if (attempt == START_ATTEMPTS) {
          throw new IllegalStateException(
              "Herald did not restart in " + START_ATTEMPTS + " attempts", failed);
        }
      }
    }
  }

  private static List<CrashReport.EndpointOutcome> outcomes(
      Endpoints endpoints, Set<String> acknowledged) {
    return endpoints.all().stream()
        .map(
            endpoint -> {
              long delivered = endpoint.deliveredOf(acknowledged);
              return new CrashReport.EndpointOutcome(
                  endpoint.name(),
                  delivered,
                  acknowledged.size() - delivered,
                  endpoint.duplicates(),
                  endpoint.received() - delivered);
            })
        .toList();
  }

  private void log(int kill, CrashReport.Restart restart, Publisher publisher) {
    System.out.printf(
        Locale.ROOT,
        "%s %d of %d: restarted at attempt %d, UP in %.1f s; %d acknowledged, %d refused so far%n",
        plan.victim().description(),
        kill,
        plan.kills(),
        restart.attempts(),
        restart.upIn().toMillis() / 1000.0,
        publisher.acknowledgedCount(),
        publisher.refused());
  }
}
