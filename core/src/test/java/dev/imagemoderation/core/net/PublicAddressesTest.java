package dev.imagemoderation.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTest {

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({
        "127.0.0.1, loopback",
        "127.255.0.9, loopback",
        "0.0.0.0, unspecified",
        "10.1.2.3, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "100.64.0.1, carrier-grade NAT",
        "100.100.100.200, carrier-grade NAT",
        "169.254.169.254, link-local",
        "192.0.0.192, IETF protocol",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "240.0.0.1, reserved",
        "255.255.255.255, broadcast",
        "198.51.100.7, documentation",
        "::1, loopback",
        "::, unspecified",
        "fe80::1, link-local",
        "fc00::1, unique local",
        "fd00:ec2::254, unique local",
        "ff02::1, multicast",
        "::ffff:127.0.0.1, loopback",
        "::ffff:169.254.169.254, link-local",
        "::ffff:a9fe:a9fe, link-local",
        "::169.254.169.254, inside an IPv6 address",
        "64:ff9b::a9fe:a9fe, inside an IPv6 address",
        "2002:7f00:1::, inside an IPv6 address",
        "2001::1, Teredo",
        "2001:db8::1, documentation"
    })
    void forbidden(String literal, String why) throws Exception {
        assertThat(PublicAddresses.whyRefused(InetAddress.getByName(literal)))
                .hasValueSatisfying(reason -> assertThat(reason).contains(why));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "172.15.255.255",
                "172.32.0.1",
                "100.63.255.255",
                "2606:4700::1111",
                "2a00:1450:4001:80b::200e",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808"
            })
    void publicAddressesAreAllowed(String literal) throws Exception {
        assertThat(PublicAddresses.whyRefused(InetAddress.getByName(literal))).isEmpty();
    }
}
