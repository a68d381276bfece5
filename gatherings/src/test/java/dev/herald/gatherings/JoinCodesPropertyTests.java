package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Join-code normalisation over generated codes and generated typing, not a few examples. */
class JoinCodesPropertyTests {

  @Provide
  Arbitrary<String> codes() {
    return Arbitraries.of(JoinCodes.ALPHABET.chars().mapToObj(c -> (char) c).toList())
        .list()
        .ofSize(JoinCodes.LENGTH)
        .map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
  }

  @Property
  void aShownCode_readsBackAsItself(@ForAll("codes") String code) {
    assertThat(JoinCodes.normalize(JoinCodes.display(code))).isEqualTo(code);
  }

  @Property
  void caseHyphensAndSpaces_areIgnored(
      @ForAll("codes") String code,
      @ForAll @IntRange(min = 0, max = 7) int at,
      @ForAll boolean space) {
    String typed =
        (code.substring(0, at) + (space ? " " : "-") + code.substring(at)).toLowerCase(Locale.ROOT);

    assertThat(JoinCodes.normalize(typed)).isEqualTo(code);
  }

  @Property
  void lettersThatLookLikeDigits_readAsTheDigits(@ForAll("codes") String code) {
    String typed = code.replace('0', 'O').replace('1', 'l');

    assertThat(JoinCodes.normalize(typed)).isEqualTo(code);
  }

  @Property
  void anythingTyped_isEitherNoCodeOrAValidOne(@ForAll String typed) {
    String normalized = JoinCodes.normalize(typed);

    if (normalized != null) {
      assertThat(normalized).hasSize(JoinCodes.LENGTH);
      assertThat(normalized.chars()).allMatch(c -> JoinCodes.ALPHABET.indexOf(c) >= 0);
    }
  }

  @Property
  void aCodeWithACharacterOutsideTheAlphabet_isNoCode(
      @ForAll("codes") String code,
      @ForAll @IntRange(min = 0, max = 7) int at,
      @ForAll("foreign") char foreign) {
    String typed = code.substring(0, at) + foreign + code.substring(at + 1);

    assertThat(JoinCodes.normalize(typed)).isNull();
  }

  @Provide
  Arbitrary<Character> foreign() {
    return Arbitraries.chars()
        .filter(
            c ->
                c != '-'
                    && c != ' '
                    && JoinCodes.normalize("0000000" + c) == null
                    && "OIL".indexOf(Character.toUpperCase(c)) < 0);
  }
}
