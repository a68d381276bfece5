package dev.herald.delivery.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Pattern matching, and the database's form of a filter, over generated types and patterns. */
class EventTypePatternPropertyTests {

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.strings()
        .withCharRange('a', 'c')
        .ofMinLength(1)
        .ofMaxLength(3)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(words -> String.join(".", words));
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.oneOf(types(), types().map(type -> type + ".*"), Arbitraries.just("*"));
  }

  @Property
  void everything_matchesEveryType(@ForAll("types") String type) {
    assertThat(EventTypePattern.parse("*").matches(type)).isTrue();
  }

  @Property
  void anExactName_matchesOnlyItself(@ForAll("types") String name, @ForAll("types") String type) {
    assertThat(EventTypePattern.parse(name).matches(type)).isEqualTo(name.equals(type));
  }

  @Property
  void aDomain_matchesItsTypesAtAnyDepth_andNothingElse(
      @ForAll("types") String domain, @ForAll("types") String type) {
    boolean inDomain = type.startsWith(domain + ".");

    assertThat(EventTypePattern.parse(domain + ".*").matches(type)).isEqualTo(inDomain);
    assertThat(EventTypePattern.parse(domain + ".*").matches(domain)).isFalse();
  }

  @Property
  void aFilter_matchesWhatItsDatabaseFormMatches(
      @ForAll("filters") List<String> patterns, @ForAll("types") String type) {
    EventTypeFilter filter = EventTypeFilter.parse(patterns);

    boolean inDatabase =
        filter.matchesEverything()
            || filter.exactTypes().contains(type)
            || filter.typePrefixes().stream().anyMatch(type::startsWith);

    assertThat(filter.matches(type)).isEqualTo(inDatabase);
  }

  @Provide
  Arbitrary<List<String>> filters() {
    return patterns().list().ofMinSize(1).ofMaxSize(4);
  }
}
