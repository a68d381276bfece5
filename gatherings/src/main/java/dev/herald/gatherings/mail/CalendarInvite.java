package dev.herald.gatherings.mail;

import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.text.ICalWriter;
import biweekly.parameter.ParticipationStatus;
import biweekly.parameter.Role;
import biweekly.property.Attendee;
import biweekly.property.Method;
import biweekly.property.Organizer;
import biweekly.property.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;

/**
 * The iCalendar object (RFC 5545) of an appointment invitation for one attendee, as an iTIP (RFC
 * 5546) {@code REQUEST} (the invitation or an update: same UID, higher SEQUENCE) or {@code CANCEL},
 * built with biweekly and folded by octets ({@link IcsFolding}).
 *
 * @param uid stable per gathering, so every update and the cancellation replace the same event
 * @param sequence 0, then one more on every reschedule and on cancel
 * @param stamp when this object was made (DTSTAMP, UTC)
 */
record CalendarInvite(
    String uid,
    int sequence,
    boolean cancel,
    Instant start,
    Instant end,
    String summary,
    String description,
    Mailbox organizer,
    Mailbox attendee,
    Instant stamp) {

  static final String PRODUCT_ID = "-//Herald//Herald invitations//EN";

  /** An address with an optional display name. */
  record Mailbox(String name, String email) {}

  /** The iTIP method, as in the MIME type's {@code method} parameter. */
  String method() {
    return cancel ? Method.CANCEL : Method.REQUEST;
  }

  /** The .ics text: CRLF line ends, lines folded at 75 octets. */
  String render() {
    ICalendar ical = new ICalendar();
    ical.setProductId(PRODUCT_ID);
    ical.setMethod(cancel ? Method.cancel() : Method.request());
    VEvent event = new VEvent();
    event.setUid(uid);
    event.setDateTimeStamp(Date.from(stamp));
    event.setDateStart(Date.from(start), true);
    event.setDateEnd(Date.from(end), true);
    event.setSummary(summary);
    event.setDescription(description);
    event.setSequence(sequence);
    event.setStatus(cancel ? Status.cancelled() : Status.confirmed());
    event.setOrganizer(new Organizer(organizer.name(), organizer.email()));
    Attendee invitee = new Attendee(attendee.name(), attendee.email());
    invitee.setRole(Role.ATTENDEE);
    invitee.setParticipationStatus(ParticipationStatus.NEEDS_ACTION);
    invitee.setRsvp(true);
    event.addAttendee(invitee);
    ical.addEvent(event);

    StringWriter unfolded = new StringWriter();
    try (ICalWriter writer = new ICalWriter(unfolded, ICalVersion.V2_0)) {
      writer.getVObjectWriter().getFoldedLineWriter().setLineLength(null);
      writer.write(ical);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return IcsFolding.fold(unfolded.toString());
  }
}
