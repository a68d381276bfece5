package dev.herald.storage.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsUnitTests {

  @Test
  void id_isThePrefixAndAUlid() {
    assertThat(Ids.newId("evt")).matches("evt_[0-9A-HJKMNP-TV-Z]{26}");
  }

  @Test
  void ids_sortByTime() {
    assertThat(Ids.ulid(1_000)).isLessThan(Ids.ulid(2_000));
    assertThat(Ids.ulid(1_795_000_000_000L)).startsWith("01M");
  }

  @Test
  void ids_doNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Ids.newId("x"))).isTrue();
    }
  }

  @Test
  void tokens_areUrlSafeAndLong() {
    assertThat(Ids.randomToken(32)).matches("[A-Za-z0-9_-]{43}");
  }
}
