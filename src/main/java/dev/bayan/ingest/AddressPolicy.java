package dev.bayan.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which resolved addresses an image URL may point at: public unicast only. Everything a server
 * can reach but the internet cannot (loopback, private, link-local, carrier-grade NAT, multicast,
 * unspecified, reserved) is refused, for IPv6 too, including IPv4 addresses embedded in IPv6 ones.
 */
final class AddressPolicy {
  private AddressPolicy() {}

  /** Why {@code address} must not be fetched, or null when it is a public address. */
  static String refusal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) return refusalV4(b);
    if (address instanceof Inet6Address) return refusalV6(b);
    return "unknown address family";
  }

  private static String refusalV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 0) return "unspecified";
    if (a0 == 127) return "loopback";
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) return "private";
    if (a0 == 100 && (a1 & 0xc0) == 64) return "private (carrier-grade NAT)";
    if (a0 == 169 && a1 == 254) return "link-local";
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) return "reserved (IETF protocol assignments)";
    if (a0 == 198 && (a1 & 0xfe) == 18) return "reserved (benchmarking)";
    if ((a0 & 0xf0) == 224) return "multicast";
    if ((a0 & 0xf0) == 240) return "reserved (incl. broadcast)";
    return null;
  }

  private static String refusalV6(byte[] b) {
    if (allZero(b, 0, 15)) return b[15] == 0 ? "unspecified" : b[15] == 1 ? "loopback" : embedded(b, 12);
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0xff) return "multicast";
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) return "link-local";
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) return "site-local";
    if ((b0 & 0xfe) == 0xfc) return "private (unique local)";
    // ::ffff:a.b.c.d
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return embedded(b, 12);
    if (allZero(b, 0, 12)) return embedded(b, 12); // ::a.b.c.d
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
      return embedded(b, 12); // NAT64 64:ff9b::/96
    }
    if (b0 == 0x20 && b1 == 0x02) return embedded(b, 2);                                            // 6to4 2002::/16
    return null;
  }

  /** The verdict on the IPv4 address at {@code offset}, named as embedded. */
  private static String embedded(byte[] b, int offset) {
    byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
    String reason = refusalV4(v4);
    return reason == null ? null : reason + " (IPv4 inside IPv6)";
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != 0) return false;
    return true;
  }
}
