package dev.herald.delivery.destination.internal;

import io.netty.util.NetUtil;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a URL's host is written, read without any lookup: an IPv6 literal, an IPv4 literal (only the
 * one unambiguous spelling), or a name.
 *
 * <p>Parsers disagree on IPv4 written otherwise: {@code 0177.0.0.1} is 127.0.0.1 to curl and
 * browsers (octal) but 177.0.0.1 to the JDK; {@code 127.1}, {@code 0x7f.1} and {@code 2130706433}
 * are 127.0.0.1 to most. A URL's meaning must not depend on who reads it, so any host that a
 * browser would read as IPv4 (WHATWG: its last label is a number) must be four decimal numbers
 * without leading zeros.
 */
public final class HostSpelling {

  private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

  private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1};

  private HostSpelling() {}

  /** The host without the brackets of an IPv6 literal. */
  public static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Whether the host is an IPv6 literal (with or without brackets). */
  public static boolean isIpv6(String host) {
    return bare(host).contains(":");
  }

  /** The 16 bytes of an IPv6 literal, as Netty reads it, or {@code null} when it is not one. */
  public static byte[] ipv6(String host) {
    String bare = bare(host);
    if (!NetUtil.isValidIpV6Address(bare)) {
      return null;
    }
    byte[] address = NetUtil.createByteArrayFromIpAddressString(bare);
    if (address != null
        && address.length == 16
        && Arrays.equals(address, 0, 12, MAPPED_PREFIX, 0, 12)
        && !bare.toLowerCase(Locale.ROOT).contains("ffff")) {
      // Netty reads the IPv4-compatible ::a.b.c.d as mapped (and connects to a.b.c.d); keep
      // the form as written so that a refusal names it
      address[10] = 0;
      address[11] = 0;
    }
    return address;
  }

  /** Whether a browser would read the host as an IPv4 address: its last label is a number. */
  public static boolean readsAsIpv4(String host) {
    String[] labels = host.split("\\.", -1);
    int last = labels.length - 1;
    if (last > 0 && labels[last].isEmpty()) {
      last--;
    }
    return NUMBER.matcher(labels[last]).matches();
  }

  /** The bytes of an IPv4 address in its one canonical spelling, or {@code null}. */
  public static byte[] canonicalIpv4(String host) {
    String[] labels = host.split("\\.", -1);
    if (labels.length != 4) {
      return null;
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!OCTET.matcher(labels[i]).matches() || Integer.parseInt(labels[i]) > 255) {
        return null;
      }
      address[i] = (byte) Integer.parseInt(labels[i]);
    }
    return address;
  }

  /** Whether the name is {@code localhost} or under it (RFC 6761: always loopback). */
  public static boolean isLocalhostName(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.equals("localhost") || name.endsWith(".localhost");
  }
}
