package dev.herald.gatherings.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.parameter.ParticipationStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The .ics of invitations: iTIP fields, CRLF line ends, folding at 75 octets. */
class CalendarInviteUnitTests {

  private static final Instant START = Instant.parse("2026-07-01T15:00:00Z");
  private static final Instant END = Instant.parse("2026-07-01T16:00:00Z");
  private static final String LONG_NAME =
      "Quarterly review 🎉 四半期レビューと来期の計画 — Größenordnung, façade, naïve café ✨ 🚀 and more";

  private static CalendarInvite invite(boolean cancel, int sequence, String summary) {
    return new CalendarInvite(
        "gat_1@herald.test",
        sequence,
        cancel,
        START,
        END,
        summary,
        "Line one; with, special: characters\n\n" + summary.repeat(3),
        new CalendarInvite.Mailbox("Acme", "invitations@herald.test"),
        new CalendarInvite.Mailbox("Ann Example", "ann@example.com"),
        Instant.parse("2026-06-01T10:00:00Z"));
  }

  @Test
  void request_carriesEveryITipField() {
    String ics = invite(false, 0, "Standup").render();

    ICalendar parsed = Biweekly.parse(ics).first();
    assertThat(parsed.getMethod().getValue()).isEqualTo("REQUEST");
    VEvent event = parsed.getEvents().get(0);
    assertThat(event.getUid().getValue()).isEqualTo("gat_1@herald.test");
    assertThat(event.getDateTimeStamp().getValue())
        .isEqualTo(Date.from(Instant.parse("2026-06-01T10:00:00Z")));
    assertThat(event.getDateStart().getValue()).isEqualTo(Date.from(START));
    assertThat(event.getDateEnd().getValue()).isEqualTo(Date.from(END));
    assertThat(event.getSummary().getValue()).isEqualTo("Standup");
    assertThat(event.getDescription().getValue())
        .startsWith("Line one; with, special: characters\n\n");
    assertThat(event.getSequence().getValue()).isZero();
    assertThat(event.getStatus().isConfirmed()).isTrue();
    assertThat(event.getOrganizer().getEmail()).isEqualTo("invitations@herald.test");
    assertThat(event.getAttendees()).hasSize(1);
    assertThat(event.getAttendees().get(0).getEmail()).isEqualTo("ann@example.com");
    assertThat(event.getAttendees().get(0).getRsvp()).isTrue();
    assertThat(event.getAttendees().get(0).getParticipationStatus())
        .isEqualTo(ParticipationStatus.NEEDS_ACTION);
    assertThat(ics)
        .contains("\r\nDTSTAMP:20260601T100000Z\r\n", "\r\nDTSTART:20260701T150000Z\r\n");
  }

  @Test
  void cancel_isMethodCancelWithStatusCancelled() {
    ICalendar parsed = Biweekly.parse(invite(true, 2, "Standup").render()).first();

    assertThat(parsed.getMethod().getValue()).isEqualTo("CANCEL");
    assertThat(parsed.getEvents().get(0).getStatus().isCancelled()).isTrue();
    assertThat(parsed.getEvents().get(0).getSequence().getValue()).isEqualTo(2);
  }

  @Test
  void longNonAsciiText_isFoldedAt75OctetsWithoutSplittingACharacter() throws Exception {
    String ics = invite(false, 0, LONG_NAME).render();
    byte[] bytes = ics.getBytes(StandardCharsets.UTF_8);

    List<byte[]> lines = lines(bytes);
    assertThat(lines).allSatisfy(line -> assertThat(line.length).isLessThanOrEqualTo(75));
    assertThat(lines).anySatisfy(line -> assertThat(line.length).isGreaterThan(70));
    for (byte[] line : lines) {
      assertThatCode(() -> strictUtf8(line)).doesNotThrowAnyException();
    }
    assertThat(ics).doesNotContain("\n\n").endsWith("END:VCALENDAR\r\n");
    assertThat(ics.replace("\r", "")).doesNotContain("\n\t");
    VEvent event = Biweekly.parse(ics).first().getEvents().get(0);
    assertThat(event.getSummary().getValue()).isEqualTo(LONG_NAME);
    assertThat(event.getDescription().getValue()).endsWith(LONG_NAME.repeat(3));
  }

  @Test
  void folding_unfoldsToTheOriginalLine() {
    String line = "DESCRIPTION:" + "€".repeat(60) + "😀".repeat(30) + "a".repeat(100);

    String folded = IcsFolding.fold(line);

    assertThat(folded.replace("\r\n ", "")).isEqualTo(line + "\r\n");
    for (byte[] physical : lines(folded.getBytes(StandardCharsets.UTF_8))) {
      assertThat(physical.length).isLessThanOrEqualTo(IcsFolding.MAX_OCTETS);
    }
    assertThat(IcsFolding.fold("A:b\nC:d\r\n")).isEqualTo("A:b\r\nC:d\r\n");
  }

  /** The physical lines, each without its CRLF; a bare CR or LF fails. */
  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        assertThat(i).isGreaterThan(0);
        assertThat(bytes[i - 1]).as("CR before LF").isEqualTo((byte) '\r');
        lines.add(Arrays.copyOfRange(bytes, start, i - 1));
        start = i + 1;
      } else if (bytes[i] == '\r') {
        assertThat(i + 1 < bytes.length && bytes[i + 1] == '\n').as("LF after CR").isTrue();
      }
    }
    assertThat(start).as("ends with CRLF").isEqualTo(bytes.length);
    return lines;
  }

  private static void strictUtf8(byte[] line) throws CharacterCodingException {
    StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(line));
  }
}
