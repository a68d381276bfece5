package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringStatus;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.web.ApiException;
import dev.herald.web.TimeInput;
import dev.herald.web.Violations;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The rules of a gathering's fields, shared by create and update, per type. */
final class GatheringValidation {

  static final int MAX_MEMBERS_LIMIT = 10_000;
  static final Set<String> VISIBILITIES = Set.of("listed", "unlisted");

  private GatheringValidation() {}

  /** A parsed time (see {@link TimeInput}), or null (and a violation) if it is not one. */
  static Instant time(Violations violations, String field, String value) {
    return TimeInput.field(violations, field, value);
  }

  static void checkName(Violations violations, String name, boolean required) {
    if (name == null) {
      violations.check(!required, "name", "is required");
    } else {
      violations.check(
          !name.isBlank() && name.length() <= 200, "name", "must be 1 to 200 characters");
    }
  }

  static void checkCommon(Violations violations, JsonNode metadata, Integer maxMembers) {
    violations.check(
        metadata == null || metadata.isNull() || metadata.isObject(),
        "metadata",
        "must be a JSON object");
    violations.check(
        maxMembers == null || (maxMembers >= 1 && maxMembers <= MAX_MEMBERS_LIMIT),
        "maxMembers",
        "must be between 1 and " + MAX_MEMBERS_LIMIT);
  }

  /**
   * Checks the type-specific fields that are present: times only for appointments (both required on
   * create, {@code endsAt} after {@code startsAt}), visibility only for open gatherings,
   * autoStartSession not for open gatherings.
   */
  static void checkTypeFields(
      Violations violations,
      GatheringType type,
      boolean creating,
      String startsAtText,
      String endsAtText,
      Instant startsAt,
      Instant endsAt,
      Boolean autoStartSession,
      String visibility) {
    String kind = type.wireName();
    if (type == GatheringType.APPOINTMENT) {
      if (creating) {
        violations.check(startsAtText != null, "startsAt", "is required for an appointment");
        violations.check(endsAtText != null, "endsAt", "is required for an appointment");
      }
      if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
        violations.add("endsAt", "must be after startsAt");
      }
    } else {
      violations.check(
          startsAtText == null, "startsAt", "applies only to appointments, not " + kind);
      violations.check(endsAtText == null, "endsAt", "applies only to appointments, not " + kind);
    }
    if (type == GatheringType.OPEN) {
      violations.check(
          visibility == null || VISIBILITIES.contains(visibility),
          "visibility",
          "must be listed or unlisted");
      violations.check(
          autoStartSession == null,
          "autoStartSession",
          "does not apply to open gatherings (they are always on)");
    } else {
      violations.check(
          visibility == null, "visibility", "applies only to open gatherings, not " + kind);
    }
  }

  /**
   * Checks a patch against the gathering it changes: type-specific fields as on create (with the
   * merged times), times only while an appointment is scheduled, nothing once it is over.
   */
  static void checkPatchAgainst(Gathering before, PatchValues patch) {
    Violations violations = new Violations();
    Instant startsAt = patch.startsAt() != null ? patch.startsAt() : before.startsAt();
    Instant endsAt = patch.endsAt() != null ? patch.endsAt() : before.endsAt();
    checkTypeFields(
        violations,
        before.type(),
        false,
        patch.startsAt() == null ? null : patch.startsAt().toString(),
        patch.endsAt() == null ? null : patch.endsAt().toString(),
        startsAt,
        endsAt,
        patch.autoStartSession(),
        patch.visibility());
    violations.throwIfAny();
    if (before.status().isFinal()) {
      throw ApiException.conflict(
          "Gathering " + before.id() + " is " + before.status().wireName() + " and cannot change");
    }
    boolean schedulingChanges =
        patch.startsAt() != null || patch.endsAt() != null || patch.autoStartSession() != null;
    if (schedulingChanges
        && before.type() == GatheringType.APPOINTMENT
        && before.status() != GatheringStatus.SCHEDULED) {
      throw ApiException.conflict(
          "The schedule of appointment "
              + before.id()
              + " can change only while it is scheduled; it is "
              + before.status().wireName());
    }
  }
}
