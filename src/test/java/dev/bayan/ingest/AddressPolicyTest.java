package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, loopback", "127.8.9.10, loopback", "10.1.2.3, private", "172.16.0.1, private",
      "172.31.255.255, private", "192.168.1.1, private", "100.64.0.1, carrier-grade", "169.254.169.254, link-local",
      "0.0.0.0, unspecified", "224.0.0.251, multicast", "255.255.255.255, broadcast", "198.18.0.1, benchmarking",
      "::1, loopback", "::, unspecified", "fe80::1, link-local", "fec0::1, site-local", "fc00::1, unique local",
      "fd12:3456::1, unique local", "ff02::1, multicast",
      "::ffff:127.0.0.1, loopback", "::ffff:10.0.0.1, private", "::127.0.0.1, loopback",
      "64:ff9b::7f00:1, loopback", "64:ff9b::a9fe:a9fe, link-local", "2002:7f00:1::1, loopback",
      "2002:c0a8:101::1, private"})
  void internalAddressesAreRefusedWithTheReason(String literal, String reason) throws Exception {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(literal))).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
      "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
  void publicAddressesPass(String literal) throws Exception {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(literal))).isNull();
  }
}
