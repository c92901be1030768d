package dev.hardmatch.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one loopback rule, as a table: host text in, verdict out, no DNS. */
class LoopbackTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1, true",
    "127.0.0.2, true",
    "127.255.255.254, true",
    "127.1.2.3, true",
    "localhost, true",
    "LocalHost, true",
    "localhost., true",
    "LOCALHOST., true",
    "::1, true",
    "[::1], true",
    "0:0:0:0:0:0:0:1, true",
    "[0000:0000:0000:0000:0000:0000:0000:0001], true",
    // IPv4-mapped IPv6: the JVM connects to the IPv4 address itself, so 127/8 stays on the machine.
    "::ffff:127.0.0.1, true",
    "[::ffff:127.0.0.1], true",
    "::ffff:7f00:2, true",
    "::ffff:10.0.0.1, false",
    "::ffff:0.0.0.0, false",
    "127.0.0.1.nip.io, false",
    "127.0.0.1.evil.example, false",
    "localhost.evil.example, false",
    "foo.localhost, false",
    "localhost.., false",
    "0.0.0.0, false",
    "::, false",
    "128.0.0.1, false",
    "126.255.255.255, false",
    "10.0.0.1, false",
    "127.0.0.256, false",
    "127.1, false",
    "0177.0.0.1, false",
    "127.0.0.01, false",
    "::2, false",
    "fe80::1%eth0, false",
    "'', false",
    "graph.microsoft.com, false",
  })
  void decidesFromTheHostTextAlone(String host, boolean loopback) {
    assertEquals(loopback, Loopback.isHost(host));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://127.0.0.1:8080/v1.0, true",
    "http://127.0.0.2:8080/v1.0, true",
    "http://localhost:1/v1.0, true",
    "http://localhost.:1/v1.0, true",
    "http://[::1]:1/v1.0, true",
    "http://[::ffff:127.0.0.1]:1/v1.0, true",
    "ldap://127.0.0.1:389, true",
    "https://graph.microsoft.com/v1.0, false",
    "https://127.0.0.1.evil.example/v1.0, false",
    "http://127.0.0.1.nip.io/v1.0, false",
    "http://0.0.0.0:8080/v1.0, false",
    "not a url, false",
    "'', false",
  })
  void readsTheHostOfAUrl(String url, boolean loopback) {
    assertEquals(loopback, Loopback.isUrl(url));
  }

  @org.junit.jupiter.api.Test
  void nullIsNotLoopback() {
    assertEquals(false, Loopback.isHost(null));
    assertEquals(false, Loopback.isUrl(null));
  }
}
