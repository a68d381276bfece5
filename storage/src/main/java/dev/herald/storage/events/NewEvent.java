package dev.herald.storage.events;

import java.util.regex.Pattern;

/**
 * An event a feature appends to the log; the log gives it its id, project and timestamp.
 *
 * @param resourceId the affected resource as {@code kind:id}, e.g. {@code gathering:gat_01…}
 */
public record NewEvent(String type, String source, String resourceId, EventPayload payload) {

  private static final Pattern RESOURCE_ID = Pattern.compile("[a-z][a-z0-9_.-]*:[^\\s]+");

  public NewEvent {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("an event needs a type");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("an event needs a source");
    }
    if (resourceId == null || !isResourceId(resourceId)) {
      throw new IllegalArgumentException("resourceId must look like kind:id, was " + resourceId);
    }
    if (payload == null) {
      throw new IllegalArgumentException("an event needs a payload");
    }
  }

  /** Whether {@code value} has the {@code kind:id} form of a resource id. */
  public static boolean isResourceId(String value) {
    return value != null && value.length() <= 300 && RESOURCE_ID.matcher(value).matches();
  }
}
