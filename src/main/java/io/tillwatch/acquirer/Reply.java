package io.tillwatch.acquirer;

import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.LookupProblem;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;

/** What one HTTP exchange with a back office gave: a whole response, or why there is none. */
public sealed interface Reply {

  /** A complete response, its body no larger than the exchange's cap. */
  record Received(int status, MultiMap headers, byte[] body) implements Reply {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      return headers.get(name);
    }
  }

  /** No usable response: timeout, transport failure, a body over the cap, or the adapter was closed. */
  record Failed(LookupProblem problem, String detail) implements Reply {
    public BackOfficeAnswer toAnswer(long answeredAtMs) {
      return BackOfficeAnswer.unreachable(problem, null, answeredAtMs, detail);
    }
  }
}
