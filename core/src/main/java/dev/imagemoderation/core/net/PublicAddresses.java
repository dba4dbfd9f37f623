package dev.imagemoderation.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a fetch from the open web may connect to: only public unicast ones. A
 * remote image's URL is chosen by whoever posted it, so without this rule the bot would
 * fetch from its own network on their behalf (SSRF): the cloud's metadata service, a
 * private admin page, localhost.
 *
 * <p>Refused, in IPv4 and IPv6 alike: unspecified, loopback, private (RFC 1918, unique local),
 * carrier-grade NAT, link-local (which holds 169.254.169.254, the metadata service of AWS,
 * GCP and Azure), multicast, documentation and benchmarking ranges, reserved and broadcast.
 * An IPv6 address that embeds an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is
 * judged by the IPv4 address inside; Teredo, which tunnels to an address we cannot see, is
 * refused.
 */
public final class PublicAddresses {

    private record Range(byte[] prefix, int bits, String why) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Range> V4 = List.of(
            v4("0.0.0.0", 8, "an unspecified address"),
            v4("10.0.0.0", 8, "a private address"),
            v4("100.64.0.0", 10, "a carrier-grade NAT address"),
            v4("127.0.0.0", 8, "a loopback address"),
            v4("169.254.0.0", 16, "a link-local address (the cloud metadata service lives here)"),
            v4("172.16.0.0", 12, "a private address"),
            v4("192.0.0.0", 24, "an IETF protocol address"),
            v4("192.0.2.0", 24, "a documentation address"),
            v4("192.88.99.0", 24, "a 6to4 relay address"),
            v4("192.168.0.0", 16, "a private address"),
            v4("198.18.0.0", 15, "a benchmarking address"),
            v4("198.51.100.0", 24, "a documentation address"),
            v4("203.0.113.0", 24, "a documentation address"),
            v4("224.0.0.0", 4, "a multicast address"),
            v4("240.0.0.0", 4, "a reserved address"));

    private static final List<Range> V6 = List.of(
            v6("::", 128, "an unspecified address"),
            v6("::1", 128, "a loopback address"),
            v6("100::", 64, "a discard-only address"),
            v6("2001::", 32, "a Teredo tunnel address"),
            v6("2001:db8::", 32, "a documentation address"),
            v6("fc00::", 7, "a unique local (private) address"),
            v6("fe80::", 10, "a link-local address"),
            v6("fec0::", 10, "a site-local address"),
            v6("ff00::", 8, "a multicast address"));

    private PublicAddresses() {}

    /** Why a fetch must not connect to {@code address}, or empty when it is a public unicast address. */
    public static Optional<String> whyRefused(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return refusedV4(b);
        }
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedV4(b);
            if (embedded != null) {
                return refusedV4(embedded).map(why -> why + " inside an IPv6 address");
            }
            for (Range r : V6) {
                if (r.contains(b)) {
                    return Optional.of(r.why());
                }
            }
            return Optional.empty();
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> refusedV4(byte[] b) {
        if (Arrays.equals(b, new byte[] {-1, -1, -1, -1})) {
            return Optional.of("the broadcast address");
        }
        for (Range r : V4) {
            if (r.contains(b)) {
                return Optional.of(r.why());
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 one carries: mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64, 6to4. */
    private static byte[] embeddedV4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && ((b[10] == -1 && b[11] == -1) || (b[10] == 0 && b[11] == 0 && !isTinyCompatible(b)))) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        // 64:ff9b::/96, the well-known NAT64 prefix, and 64:ff9b:1::/48, the local-use one.
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        // 2002::/16 is 6to4: the next 32 bits are the IPv4 address of the tunnel's end.
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    /** {@code ::} and {@code ::1} are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones. */
    private static boolean isTinyCompatible(byte[] b) {
        return b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1);
    }

    private static Range v4(String address, int bits, String why) {
        return new Range(literal(address), bits, why);
    }

    private static Range v6(String address, int bits, String why) {
        return new Range(literal(address), bits, why);
    }

    private static byte[] literal(String address) {
        try {
            // A literal: no lookup happens.
            return InetAddress.getByName(address).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
