package dev.herald.delivery.destination.internal;

import io.netty.util.NetUtil;

/**
 * Which IP addresses are not on the public internet, read from their bytes: IPv6 forms that carry
 * an IPv4 address (mapped, compatible, translated, NAT64, 6to4, Teredo) are judged by the address
 * they carry, since that is where a packet to them ends up.
 */
public final class AddressRules {

  private AddressRules() {}

  /**
   * Why the address (4 or 16 bytes) is not public, such as {@code "a loopback address"}, or {@code
   * null} when it is.
   */
  public static String whyNotPublic(byte[] address) {
    return address.length == 4 ? ipv4(address) : ipv6(address);
  }

  /** The usual text of an address: dotted decimal, or RFC 5952 compressed IPv6. */
  public static String text(byte[] address) {
    return NetUtil.bytesToIpAddress(address);
  }

  private static String ipv4(byte[] b) {
    int a = b[0] & 0xff;
    int c = b[1] & 0xff;
    int d = b[2] & 0xff;
    if (a == 127) {
      return "a loopback address";
    }
    if (a == 0) {
      return (c | d | (b[3] & 0xff)) == 0
          ? "the unspecified address"
          : "a 'this network' address (0.0.0.0/8)";
    }
    if (a == 10 || (a == 172 && (c & 0xf0) == 16) || (a == 192 && c == 168)) {
      return "a private address";
    }
    if (a == 169 && c == 254) {
      return "a link-local address (where cloud metadata services answer)";
    }
    if (a == 100 && (c & 0xc0) == 64) {
      return "a carrier-grade NAT address (100.64.0.0/10)";
    }
    if (a == 192 && c == 0 && d == 0) {
      return "an IETF protocol assignment (192.0.0.0/24)";
    }
    if ((a == 192 && c == 0 && d == 2)
        || (a == 198 && c == 51 && d == 100)
        || (a == 203 && c == 0 && d == 113)) {
      return "a documentation address";
    }
    if (a == 198 && (c & 0xfe) == 18) {
      return "a benchmarking address (198.18.0.0/15)";
    }
    if (a == 192 && c == 88 && d == 99) {
      return "a 6to4 relay address (192.88.99.0/24)";
    }
    if (a >= 224 && a <= 239) {
      return "a multicast address";
    }
    if (a == 255 && c == 255 && d == 255 && (b[3] & 0xff) == 255) {
      return "the broadcast address";
    }
    if (a >= 240) {
      return "a reserved address (240.0.0.0/4)";
    }
    return null;
  }

  private static String ipv6(byte[] b) {
    if (zero(b, 0, 16)) {
      return "the unspecified address";
    }
    if (zero(b, 0, 15) && b[15] == 1) {
      return "a loopback address";
    }
    if (zero(b, 0, 10) && ff(b, 10)) {
      return embedded("an IPv4-mapped", b, 12);
    }
    if (zero(b, 0, 8) && ff(b, 8) && zero(b, 10, 12)) {
      return embedded("an IPv4-translated", b, 12);
    }
    if (zero(b, 0, 12)) {
      return embedded("an IPv4-compatible", b, 12);
    }
    int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (first == 0x64 && second == 0xff9b && zero(b, 4, 12)) {
      return embedded("a NAT64", b, 12);
    }
    if (first == 0x64 && second == 0xff9b && b[4] == 0 && b[5] == 1) {
      return "a local-use NAT64 address (64:ff9b:1::/48)";
    }
    if (first == 0x2002) {
      return embedded("a 6to4", b, 2);
    }
    if (first == 0x2001 && second == 0) {
      byte[] client = new byte[4];
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~b[12 + i]; // Teredo stores the client's address inverted
      }
      String why = ipv4(client);
      return why == null ? null : "a Teredo form of " + text(client) + ", " + why;
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return "a unique-local address (fc00::/7)";
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return "a link-local address";
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return "a site-local address";
    }
    if ((b[0] & 0xff) == 0xff) {
      return "a multicast address";
    }
    if ((first == 0x2001 && second == 0x0db8) || (first == 0x3fff && (second & 0xf000) == 0)) {
      return "a documentation address";
    }
    if (first == 0x2001 && second == 0x0002 && b[4] == 0 && b[5] == 0) {
      return "a benchmarking address (2001:2::/48)";
    }
    if (first == 0x0100 && zero(b, 2, 8)) {
      return "a discard-only address (100::/64)";
    }
    return null;
  }

  private static String embedded(String form, byte[] b, int offset) {
    byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
    String why = ipv4(v4);
    return why == null ? null : form + " form of " + text(v4) + ", " + why;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean ff(byte[] b, int at) {
    return b[at] == (byte) 0xff && b[at + 1] == (byte) 0xff;
  }
}
