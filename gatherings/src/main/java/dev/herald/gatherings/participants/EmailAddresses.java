package dev.herald.gatherings.participants;

import java.util.regex.Pattern;

/**
 * What Herald accepts as an email address: plausible in form; the mail server has the last word.
 */
public final class EmailAddresses {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

  private EmailAddresses() {}

  public static boolean isValid(String email) {
    return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
  }
}
