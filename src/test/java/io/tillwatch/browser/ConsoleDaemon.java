package io.tillwatch.browser;

import io.tillwatch.e2e.Api;
import io.tillwatch.e2e.DaemonProcess;
import io.tillwatch.e2e.FreePorts;
import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.e2e.TestTerminal;
import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.ApiTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The real jar in its own JVM, as a shop runs it: bearer-token API access with two operators and one
 * read-only holder (the console signs in with these tokens), and detection deadlines compressed
 * (the e2e tests' FAST settings) so findings arrive within a second or two of a terminal's events.
 */
public final class ConsoleDaemon implements AutoCloseable {
  public static final String OPERATOR = "olivia";
  public static final String SECOND_OPERATOR = "oscar";
  public static final String READER = "rita";

  public final String operatorToken = ApiTokens.newToken();
  public final String secondOperatorToken = ApiTokens.newToken();
  public final String readToken = ApiTokens.newToken();
  private final DaemonProcess process;

  private ConsoleDaemon(Path dir) throws IOException {
    Path tokens = dir.resolve("tokens");
    ApiTokens.empty()
        .with(new ApiTokens.Entry(OPERATOR, ApiRole.OPERATOR, ApiTokens.sha256(operatorToken)))
        .with(new ApiTokens.Entry(SECOND_OPERATOR, ApiRole.OPERATOR, ApiTokens.sha256(secondOperatorToken)))
        .with(new ApiTokens.Entry(READER, ApiRole.READ, ApiTokens.sha256(readToken)))
        .write(tokens);
    List<String> settings = new ArrayList<>(List.of("--http.auth=token", "--http.tokens-file=" + tokens));
    InProcessDaemon.FAST.forEach((k, v) -> settings.add("--" + k + "=" + v));
    process = DaemonProcess.start("run", dir.resolve("data"), Files.createFile(dir.resolve("tillwatch.log")), FreePorts.next(),
        FreePorts.next(), settings);
  }

  /** Starts the daemon with its data, tokens file and log under {@code dir}. */
  public static ConsoleDaemon start(Path dir) throws IOException {
    return new ConsoleDaemon(dir);
  }

  /** Where a browser reaches the daemon: scheme, host and port of the API listener. */
  public String base() {
    return "http://127.0.0.1:" + process.httpPort;
  }

  public Path log() {
    return process.log;
  }

  /** The API as the first operator's tool calls it (bearer token: no session, no CSRF token). */
  public Api operatorApi() {
    return process.api.withToken(operatorToken);
  }

  public Api anonymousApi() {
    return process.api;
  }

  public TestTerminal terminal(String merchant, String terminal) throws MqttException {
    return new TestTerminal(process.mqttPort, merchant, terminal);
  }

  @Override
  public void close() {
    process.close();
  }
}
