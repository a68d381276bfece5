package dev.herald.delivery.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypePatternUnitTests {

  @Test
  void exactName_matchesOnlyItself() {
    EventTypePattern pattern = EventTypePattern.parse("message.created");

    assertThat(pattern.matches("message.created")).isTrue();
    assertThat(pattern.matches("message.created.v2")).isFalse();
    assertThat(pattern.matches("message.annotation.created")).isFalse();
  }

  @Test
  void domainWildcard_matchesEveryDepthBelowIt() {
    EventTypePattern pattern = EventTypePattern.parse("message.*");

    assertThat(pattern.matches("message.created")).isTrue();
    assertThat(pattern.matches("message.annotation.created")).isTrue();
    assertThat(pattern.matches("messages.created")).isFalse();
    assertThat(pattern.matches("session.created")).isFalse();
  }

  @Test
  void deeperWildcard_matchesItsSubdomain() {
    EventTypePattern pattern = EventTypePattern.parse("gathering.member.*");

    assertThat(pattern.matches("gathering.member.joined")).isTrue();
    assertThat(pattern.matches("gathering.started")).isFalse();
  }

  @Test
  void star_matchesEverything() {
    assertThat(EventTypePattern.parse("*").matches("webhook.delivery.updated")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "Message.created",
        "message..created",
        "*.created",
        "message.*.created",
        "message*",
        "message.",
        ".message",
        "message.created!",
        "**"
      })
  void malformedPatterns_areRefusedByName(String text) {
    assertThatThrownBy(() -> EventTypePattern.parse(text))
        .isInstanceOf(InvalidPatternException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void filter_splitsIntoExactNamesAndPrefixes() {
    EventTypeFilter filter = EventTypeFilter.parse(List.of("message.created", "gathering.*"));

    assertThat(filter.exactTypes()).containsExactly("message.created");
    assertThat(filter.typePrefixes()).containsExactly("gathering.");
    assertThat(filter.matches("gathering.member.left")).isTrue();
    assertThat(filter.matches("session.created")).isFalse();
  }

  @Test
  void filterWithStar_matchesEverythingAndNeedsNoQueryFilter() {
    EventTypeFilter filter = EventTypeFilter.parse(List.of("message.created", "*"));

    assertThat(filter.matchesEverything()).isTrue();
    assertThat(filter.exactTypes()).isEmpty();
    assertThat(filter.typePrefixes()).isEmpty();
  }
}
