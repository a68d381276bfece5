package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.parameter.ParticipationStatus;
import dev.herald.api.TestSmtp;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Invitation email end to end, against a real SMTP server (GreenMail): the MIME structure and
 * headers, the calendar invite parsed back field by field, updates and cancellation, a refused
 * recipient that fails alone, and invitees who answer through the email's link.
 */
class InvitationEmailIntegrationTests extends GatheringTestSupport {

  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String NAME =
      "Quarterly Review 🎉 四半期レビュー — with a name long enough to fold in the calendar";
  private static final Instant STARTS =
      Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
  private static final Instant ENDS = STARTS.plus(1, ChronoUnit.HOURS);

  private final TestSmtp smtp = TestSmtp.shared();

  @BeforeEach
  void setUp() {
    project = newProject();
  }

  @Test
  void appointmentInvitation_isTextHtmlAndACalendarRequest() throws Exception {
    String guest = address("guest");
    String id = appointment(true);

    JsonNode invited = invite(id, Map.of("emails", List.of(guest))).get(0);
    assertThat(invited.get("emailStatus").asString()).isEqualTo("queued");

    MimeMessage message = awaitMessages(guest, 1).get(0);
    assertThat(message.getFrom())
        .containsExactly(new InternetAddress("invitations@herald.test", "Test Herald"));
    assertThat(
            ((InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress())
        .isEqualTo(guest);
    assertThat(message.getSubject()).startsWith("Invitation: " + NAME);
    assertThat(message.getSentDate()).isNotNull();
    assertThat(message.getMessageID()).matches("<iem_[0-9A-Z]{26}@herald\\.test>");

    Mail mail = Mail.of(message);
    String token = invited.get("token").asString();
    String joinCode = get("/v1/gatherings/" + id).get("joinCode").asString();
    assertThat(mail.text())
        .contains("test project invites you to \"" + NAME + "\"")
        .contains("Join code: " + joinCode)
        .contains("recorded and transcribed")
        .contains(
            "Accept: http://herald.test/invitations/"
                + project.projectId()
                + "/"
                + token
                + "/accept")
        .contains(
            "Decline: http://herald.test/invitations/"
                + project.projectId()
                + "/"
                + token
                + "/decline")
        .contains(" UTC");
    assertThat(mail.html())
        .contains("<h1", "test project", "四半期レビュー", joinCode, "recorded and transcribed")
        .contains(
            "href=\"http://herald.test/invitations/"
                + project.projectId()
                + "/"
                + token
                + "/accept\"");
    assertThat(mail.calendarType().getBaseType()).isEqualTo("text/calendar");
    assertThat(mail.calendarType().getParameter("method")).isEqualTo("REQUEST");
    assertThat(mail.calendarType().getParameter("charset")).isEqualToIgnoringCase("UTF-8");
    assertThat(mail.attachment()).isEqualTo(mail.calendar());

    String ics = new String(mail.calendar(), StandardCharsets.UTF_8);
    assertFoldedAt75Octets(mail.calendar());
    assertThat(ics).containsPattern("\r\nDTSTAMP:\\d{8}T\\d{6}Z\r\n");
    ICalendar calendar = Biweekly.parse(ics).first();
    assertThat(calendar.getMethod().getValue()).isEqualTo("REQUEST");
    VEvent event = calendar.getEvents().get(0);
    assertThat(event.getUid().getValue()).isEqualTo(id + "@herald.test");
    assertThat(event.getDateTimeStamp().getValue()).isNotNull();
    assertThat(event.getDateStart().getValue()).isEqualTo(Date.from(STARTS));
    assertThat(event.getDateEnd().getValue()).isEqualTo(Date.from(ENDS));
    assertThat(event.getSummary().getValue()).isEqualTo(NAME);
    assertThat(event.getDescription().getValue()).contains("recorded and transcribed", token);
    assertThat(event.getSequence().getValue()).isZero();
    assertThat(event.getStatus().isConfirmed()).isTrue();
    assertThat(event.getOrganizer().getEmail()).isEqualTo("invitations@herald.test");
    assertThat(event.getAttendees())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getEmail()).isEqualTo(guest);
              assertThat(a.getRsvp()).isTrue();
              assertThat(a.getParticipationStatus()).isEqualTo(ParticipationStatus.NEEDS_ACTION);
            });

    JsonNode sent = awaitEmailStatus(id, guest, "sent");
    assertThat(sent.get("emailAttempts").asInt()).isEqualTo(1);
    assertThat(sent.get("emailError").isNull()).isTrue();
    assertThat(sent.get("emailSentAt").isNull()).isFalse();
  }

  @Test
  void rescheduling_resendsTheSameUidWithAHigherSequence_andCancellingSendsCancel()
      throws Exception {
    String guest = address("guest");
    String id = appointment(false);
    invite(id, Map.of("emails", List.of(guest)));
    VEvent first = event(awaitMessages(guest, 1).get(0));

    Instant later = STARTS.plus(2, ChronoUnit.DAYS);
    patch(
            "/v1/gatherings/" + id,
            Map.of("startsAt", later.toString(), "endsAt", later.plusSeconds(1800).toString()))
        .expectStatus()
        .isOk();
    MimeMessage update = awaitMessages(guest, 2).get(1);
    assertThat(update.getSubject()).startsWith("Updated invitation: " + NAME);
    VEvent second = event(update);
    assertThat(second.getUid().getValue()).isEqualTo(first.getUid().getValue());
    assertThat(second.getSequence().getValue()).isEqualTo(1);
    assertThat(second.getDateStart().getValue()).isEqualTo(Date.from(later));
    assertThat(Mail.of(update).text()).doesNotContain("recorded");

    ok("/v1/gatherings/" + id + "/cancel", Map.of());
    MimeMessage cancel = awaitMessages(guest, 3).get(2);
    assertThat(cancel.getSubject()).startsWith("Cancelled: " + NAME);
    Mail mail = Mail.of(cancel);
    assertThat(mail.calendarType().getParameter("method")).isEqualTo("CANCEL");
    ICalendar cancelled =
        Biweekly.parse(new String(mail.calendar(), StandardCharsets.UTF_8)).first();
    assertThat(cancelled.getMethod().getValue()).isEqualTo("CANCEL");
    VEvent third = cancelled.getEvents().get(0);
    assertThat(third.getUid().getValue()).isEqualTo(first.getUid().getValue());
    assertThat(third.getSequence().getValue()).isEqualTo(2);
    assertThat(third.getStatus().isCancelled()).isTrue();
    assertThat(mail.text()).contains("has cancelled").doesNotContain("Accept:");
  }

  @Test
  void aLobbyInvitation_hasNoCalendar() throws Exception {
    String guest = address("guest");
    String id = lobby("Game night").get("id").asString();
    invite(id, Map.of("emails", List.of(guest)));

    MimeMessage message = awaitMessages(guest, 1).get(0);
    MimeMultipart mixed = (MimeMultipart) message.getContent();
    assertThat(mixed.getCount()).isEqualTo(1);
    MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
    assertThat(alternative.getCount()).isEqualTo(2);
    assertThat(message.getSubject()).isEqualTo("Invitation: Game night");
  }

  @Test
  void aRefusedRecipient_failsWithTheServersAnswer_theOthersAreSent_andAResendRetriesIt() {
    String good = address("good");
    String refused = address("refused");
    String other = address("other");
    smtp.refuse(refused);
    String id = appointment(false);

    invite(id, Map.of("emails", List.of(good, refused, other)));

    awaitEmailStatus(id, good, "sent");
    awaitEmailStatus(id, other, "sent");
    JsonNode failed = awaitEmailStatus(id, refused, "failed");
    assertThat(failed.get("emailError").asString()).contains("550").contains(refused);
    assertThat(failed.get("emailAttempts").asInt()).isEqualTo(1);
    assertThat(smtp.messagesTo(good)).hasSize(1);
    assertThat(smtp.messagesTo(refused)).isEmpty();

    smtp.accept(refused);
    JsonNode resent =
        json(post("/v1/gatherings/" + id + "/invitations/send", Map.of("emails", List.of(refused)))
                .expectStatus()
                .isAccepted())
            .get("data")
            .get(0);
    assertThat(resent.get("id").asString()).isEqualTo(failed.get("id").asString());
    assertThat(resent.get("emailStatus").asString()).isEqualTo("queued");
    assertThat(resent.get("emailError").isNull()).isTrue();
    awaitEmailStatus(id, refused, "sent");
    assertThat(smtp.messagesTo(refused)).hasSize(1);
    assertThat(smtp.messagesTo(good)).hasSize(1);
  }

  @Test
  void anInviteeWhoIsNotAParticipant_isEmailed_andAcceptsByTheLinksToken() throws Exception {
    String guest = address("guest");
    String id = appointment(false);
    invite(id, Map.of("emails", List.of(guest)));
    String text = Mail.of(awaitMessages(guest, 1).get(0)).text();
    Matcher accept = Pattern.compile("Accept: http://herald\\.test(\\S+)").matcher(text);
    assertThat(accept.find()).isTrue();

    String page =
        http.get()
            .uri(accept.group(1))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(page).contains("<form method=\"post\"", "Accept the invitation", "四半期レビュー");
    assertThat(get(invitations(id)).get("data").get(0).get("status").asString())
        .isEqualTo("pending");

    String answered =
        http.post()
            .uri(accept.group(1))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(answered).contains("you have accepted");
    assertThat(get(invitations(id)).get("data").get(0).get("status").asString())
        .isEqualTo("accepted");
    assertCatalogEvent(
        events("gathering.invitation.accepted").get(0),
        "gathering.invitation.accepted",
        "gathering:" + id);
    http.post()
        .uri(accept.group(1))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void sendInvitations_invitesAndEmails_andSendingAgainRequeuesWithoutANewInvitation()
      throws Exception {
    String ann = "ann-" + UUID.randomUUID().toString().substring(0, 8);
    String annEmail = address(ann);
    post("/v1/participants", Map.of("id", ann, "displayName", "Ann Example", "email", annEmail))
        .expectStatus()
        .isCreated();
    post("/v1/participants", Map.of("id", "noaddress")).expectStatus().isCreated();
    String id = appointment(false);

    JsonNode first =
        json(post(
                    "/v1/gatherings/" + id + "/invitations/send",
                    Map.of("participantIds", List.of(ann, "noaddress")))
                .expectStatus()
                .isAccepted())
            .get("data");
    assertThat(first.get(0).get("emailStatus").asString()).isEqualTo("queued");
    assertThat(first.get(1).get("emailStatus").asString()).isEqualTo("none");
    awaitEmailStatus(id, annEmail, "sent");
    assertThat(event(awaitMessages(annEmail, 1).get(0)).getAttendees().get(0).getCommonName())
        .isEqualTo("Ann Example");

    post("/v1/gatherings/" + id + "/invitations/send", Map.of("participantIds", List.of(ann)))
        .expectStatus()
        .isAccepted();
    awaitMessages(annEmail, 2);
    awaitEmailStatus(id, annEmail, "sent");
    List<JsonNode> sent = events("gathering.invitation.sent");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).get("payload").get("data").get("emailStatus").asString())
        .isEqualTo("queued");
    assertThat(sent.get(0).get("payload").get("data").has("token")).isFalse();
    assertThat(get(invitations(id)).get("data")).hasSize(2);
    assertThat(get(invitations(id)).get("data").get(1).get("emailStatus").asString())
        .isEqualTo("none");
  }

  // --- helpers

  private static String address(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private String appointment(boolean autoStartSession) {
    return created(
            "/v1/gatherings",
            Map.of(
                "name",
                NAME,
                "type",
                "appointment",
                "startsAt",
                STARTS.toString(),
                "endsAt",
                ENDS.toString(),
                "autoStartSession",
                autoStartSession))
        .get("id")
        .asString();
  }

  private JsonNode invite(String gatheringId, Map<String, Object> body) {
    return created(invitations(gatheringId), body).get("data");
  }

  private static String invitations(String gatheringId) {
    return "/v1/gatherings/" + gatheringId + "/invitations";
  }

  private JsonNode awaitEmailStatus(String gatheringId, String email, String status) {
    return await()
        .atMost(BOUND)
        .until(
            () ->
                StreamSupport.stream(get(invitations(gatheringId)).get("data").spliterator(), false)
                    .filter(i -> email.equalsIgnoreCase(i.get("email").asString()))
                    .findFirst()
                    .orElseThrow(),
            i -> i.get("emailStatus").asString().equals(status));
  }

  private List<MimeMessage> awaitMessages(String address, int count) {
    return await().atMost(BOUND).until(() -> smtp.messagesTo(address), m -> m.size() >= count);
  }

  private static VEvent event(MimeMessage message) throws Exception {
    return Biweekly.parse(new String(Mail.of(message).calendar(), StandardCharsets.UTF_8))
        .first()
        .getEvents()
        .get(0);
  }

  /** Every physical line ends in CRLF and is at most 75 octets of whole UTF-8 characters. */
  private static void assertFoldedAt75Octets(byte[] ics) {
    String text = new String(ics, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\r\n").doesNotContain("\uFFFD");
    assertThat(text.replace("\r\n", "")).doesNotContain("\r", "\n");
    for (String line : text.split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
    }
    assertThat(text).contains("\r\n ");
  }

  /** The parts of an invitation email, found where the structure says they must be. */
  record Mail(
      String text, String html, ContentType calendarType, byte[] calendar, byte[] attachment) {

    static Mail of(MimeMessage message) throws Exception {
      assertThat(message.isMimeType("multipart/mixed")).as(message.getContentType()).isTrue();
      MimeMultipart mixed = (MimeMultipart) message.getContent();
      BodyPart alternativePart = mixed.getBodyPart(0);
      assertThat(alternativePart.isMimeType("multipart/alternative")).isTrue();
      MimeMultipart alternative = (MimeMultipart) alternativePart.getContent();
      BodyPart text = alternative.getBodyPart(0);
      BodyPart html = alternative.getBodyPart(1);
      assertThat(text.isMimeType("text/plain")).isTrue();
      assertThat(new ContentType(text.getContentType()).getParameter("charset"))
          .isEqualToIgnoringCase("UTF-8");
      assertThat(html.isMimeType("text/html")).isTrue();
      if (alternative.getCount() == 2) {
        assertThat(mixed.getCount()).isEqualTo(1);
        return new Mail((String) text.getContent(), (String) html.getContent(), null, null, null);
      }
      assertThat(alternative.getCount()).isEqualTo(3);
      BodyPart calendar = alternative.getBodyPart(2);
      assertThat(mixed.getCount()).isEqualTo(2);
      BodyPart attachment = mixed.getBodyPart(1);
      assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
      assertThat(attachment.getFileName()).isEqualTo("invite.ics");
      assertThat(new ContentType(attachment.getContentType()).getBaseType())
          .isEqualTo("application/ics");
      return new Mail(
          (String) text.getContent(),
          (String) html.getContent(),
          new ContentType(calendar.getContentType()),
          calendar.getInputStream().readAllBytes(),
          attachment.getInputStream().readAllBytes());
    }
  }
}
