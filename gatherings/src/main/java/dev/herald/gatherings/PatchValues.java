package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringChanges;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A validated patch of a gathering, with parsed times. */
record PatchValues(
    String name,
    JsonNode metadata,
    Integer maxMembers,
    Instant startsAt,
    Instant endsAt,
    Boolean autoStartSession,
    String visibility) {

  /** The gathering's fields after this patch: a field the patch leaves out keeps its value. */
  GatheringChanges appliedTo(Gathering before) {
    return new GatheringChanges(
        name != null ? name : before.name(),
        metadata != null ? metadata : before.metadata(),
        maxMembers != null ? maxMembers : before.maxMembers(),
        startsAt != null ? startsAt : before.startsAt(),
        endsAt != null ? endsAt : before.endsAt(),
        autoStartSession != null ? autoStartSession : before.autoStartSession(),
        visibility != null ? visibility : before.visibility());
  }
}
