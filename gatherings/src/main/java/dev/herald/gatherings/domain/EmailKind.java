package dev.herald.gatherings.domain;

import java.util.Locale;

/**
 * What an invitation email is: the invitation or an update of it ({@code request}, iTIP {@code
 * METHOD:REQUEST}), or the gathering's cancellation ({@code cancel}, {@code METHOD:CANCEL}).
 */
public enum EmailKind {
  REQUEST,
  CANCEL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EmailKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
