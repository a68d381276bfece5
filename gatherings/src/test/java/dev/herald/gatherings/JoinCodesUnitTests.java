package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Join codes: Crockford base32, shown with a hyphen, read forgivingly. */
class JoinCodesUnitTests {

  @Test
  void generate_makesEightCharactersWithoutILOU() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String code = JoinCodes.generate();
      assertThat(code).hasSize(8).matches("[0-9A-HJKMNP-TV-Z]{8}");
      seen.add(code);
    }
    assertThat(seen).hasSizeGreaterThan(990);
  }

  @Test
  void display_splitsInFours() {
    assertThat(JoinCodes.display("ABCD1234")).isEqualTo("ABCD-1234");
  }

  @Test
  void normalize_ignoresCaseHyphensAndSpaces() {
    assertThat(JoinCodes.normalize("abcd-1234")).isEqualTo("ABCD1234");
    assertThat(JoinCodes.normalize(" AB CD 12-34 ")).isEqualTo("ABCD1234");
  }

  @Test
  void normalize_readsOAsZeroAndIOrLAsOne() {
    assertThat(JoinCodes.normalize("ABCD-O1IL")).isEqualTo("ABCD0111");
  }

  @Test
  void normalize_refusesWhatCannotBeACode() {
    assertThat(JoinCodes.normalize("ABCD-123U")).isNull();
    assertThat(JoinCodes.normalize("ABCD123")).isNull();
    assertThat(JoinCodes.normalize("ABCD12345")).isNull();
    assertThat(JoinCodes.normalize("ABCD_1234")).isNull();
    assertThat(JoinCodes.normalize(null)).isNull();
  }
}
