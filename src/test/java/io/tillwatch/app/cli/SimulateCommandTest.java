package io.tillwatch.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tillwatch simulate} with the simulated back office: keys and backoffice.yaml written at start, bills at the end. */
class SimulateCommandTest {

  @Test
  void writesBackOfficeKeysAndBills(@TempDir Path dir) throws Exception {
    int nobody = freePort(); // no broker there: terminals keep retrying, which is fine for this test
    Path keys = dir.resolve("keys");
    Path bills = dir.resolve("bills");
    int code = new CommandLine(new SimulateCommand()).execute("--broker=127.0.0.1:" + nobody, "--terminals=2", "--merchants=2",
        "--duration=1s", "--backoffice-port=0", "--backoffice-keys=" + keys, "--backoffice-type=alipay",
        "--backoffice-faults=errors=0.01,pending=2s", "--outcomes=paper-out=0.5", "--bills=" + bills);
    assertEquals(0, code);
    assertTrue(Files.readString(keys.resolve("merchant-private.pem")).contains("BEGIN PRIVATE KEY"));
    assertTrue(Files.readString(keys.resolve("platform-public.pem")).contains("BEGIN PUBLIC KEY"));
    String yaml = Files.readString(keys.resolve("backoffice.yaml"));
    assertTrue(yaml.contains("baseUrl: http://127.0.0.1:"), yaml);
    assertTrue(yaml.contains("- {merchant: m001, backOffice: alipay-m001}"), yaml);
    List<String> written;
    try (var s = Files.list(bills)) {
      written = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(6, written.size(), written.toString());
    assertTrue(written.stream().anyMatch(n -> n.startsWith("m002-") && n.endsWith("-alipay.csv")), written.toString());
  }

  @Test
  void badSpecsAreRefusedWithExitCode2() {
    assertEquals(2, new CommandLine(new SimulateCommand()).execute("--outcomes=paper-out=3"));
    assertEquals(2, new CommandLine(new SimulateCommand()).execute("--backoffice-faults=outage=sometimes"));
    assertEquals(2, new CommandLine(new SimulateCommand()).execute("--backoffice-type=paypal"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
