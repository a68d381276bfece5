package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesUnitTests {

  @Test
  void bodyText_refusesNulAndLoneSurrogatesOnly() {
    assertThat(TextRules.problemInBody("a\0b")).contains("U+0000");
    assertThat(TextRules.problemInBody("\uD800")).contains("U+D800");
    assertThat(TextRules.problemInBody("x\uDC00")).contains("U+DC00");
    assertThat(TextRules.problemInBody("\uD800x")).contains("surrogate");
    assertThat(TextRules.problemInBody("tab\tnew\nline \uD83D\uDE00 é")).isNull();
  }

  @Test
  void parameters_refuseEveryControlCharacter() {
    for (char c = 0; c < 0x20; c++) {
      assertThat(TextRules.problemInParameter("id" + c)).as("U+%04X", (int) c).isNotNull();
    }
    assertThat(TextRules.problemInParameter("a\u007fb")).contains("U+007F");
    assertThat(TextRules.problemInParameter("\uDFFF")).contains("surrogate");
    assertThat(TextRules.problemInParameter("evt_01J9 ü-_.~:*")).isNull();
  }
}
