package dev.herald.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash drill's long form, from the command line: both crashes (Herald alone, then Herald with
 * its PostgreSQL) at soak scale, and a summary table; exits 1 when a restart needed a second try or
 * an acknowledged event was lost.
 *
 * <p>From the repository's root: {@code java -jar reliability/target/herald-reliability.jar
 * [--short] [path/to/herald.jar]}; {@code -Dherald.soak.kills=N} and {@code
 * -Dherald.soak.rate=EVENTS_PER_SECOND} change the soak. Herald's data and logs stay in {@code
 * reliability/target/soak}.
 */
public final class CrashSoak {

  private CrashSoak() {}

  /** Runs the drills and prints their summary. */
  public static void main(String[] args) throws Exception {
    boolean shortForm = List.of(args).contains("--short");
    Path jar =
        List.of(args).stream()
            .filter(a -> !a.startsWith("--"))
            .findFirst()
            .map(Path::of)
            .orElse(Path.of("api", "target", "herald.jar"));
    List<CrashReport> reports = new ArrayList<>();
    for (Victim victim : Victim.values()) {
      CrashPlan plan = shortForm ? CrashPlan.shortForm(victim) : CrashPlan.soak(victim);
      reports.add(CrashDrill.run(plan, jar, Path.of("reliability", "target", "soak")));
    }
    System.out.println();
    System.out.println(CrashReport.TABLE_HEADER);
    reports.forEach(r -> System.out.println(r.row()));
    reports.forEach(r -> System.out.println(r.details()));
    if (!reports.stream().allMatch(CrashReport::survived)) {
      System.exit(1);
    }
  }
}
