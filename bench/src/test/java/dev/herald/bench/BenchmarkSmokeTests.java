package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at smoke scale, so it cannot rot: it starts the packaged jar, runs every workload
 * and writes its report. Figures at this scale mean nothing and are not asserted.
 */
class BenchmarkSmokeTests {

  @Test
  void smokeRun_producesTheFullReport() throws Exception {
    Path jar = Path.of("..", "api", "target", "herald.jar");
    Path out = Path.of("target", "bench-smoke");

    Path report = Benchmark.run(Scale.SMOKE, jar, out);

    String table = Files.readString(report);
    assertThat(table)
        .contains("W1 ingest", "W2 delivery at 200 events/s", "W2 delivery at 1,000 events/s")
        .contains("W2 delivery, as fast as possible", "W3 fan-out", "W4 isolation", "W5 backlog")
        .contains("W6 GET /v1/webhooks beside", "W6 POST /v1/events beside", "W6 events received")
        .contains("L1 raw HTTP", "L2 durable inserts", "W2 max ÷ L1");
    assertThat(table).contains("| W2 delivery at 200 events/s | 200 delivered |");
    Path json = Path.of(report.toString().replace(".md", ".json"));
    assertThat(Files.readString(json)).contains("\"scale\" : \"smoke\"", "\"cores\"", "\"commit\"");
  }

  @Test
  void chosenWorkloads_runAloneAndLeaveTheOthersOut() throws Exception {
    Path jar = Path.of("..", "api", "target", "herald.jar");
    Path out = Path.of("target", "bench-smoke-only");

    Path report = Benchmark.run(Set.of("W4", "L"), Scale.SMOKE, jar, out);

    String table = Files.readString(report);
    assertThat(table).contains("W4 isolation", "L1 raw HTTP", "L2 durable inserts");
    assertThat(table)
        .doesNotContain("W1 ingest", "W2 delivery", "W3 fan-out", "W5 backlog", "W6", "÷");
  }

  @Test
  void unknownWorkload_isRefusedNamingTheChoices() {
    assertThatThrownBy(() -> Benchmark.main(new String[] {"--only", "W1,W9"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("W9")
        .hasMessageContaining("[L, W1, W2, W2max, W3, W4, W5, W6]");
  }
}
