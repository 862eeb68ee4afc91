package io.tillwatch.http;

import io.tillwatch.telemetry.RejectReason;
import java.util.Optional;

/**
 * A terminal's last refused message (reason and time, never content) as far as this process
 * remembers one; the ingest keeps them and the application wires them in. Shown by
 * {@code GET /api/v1/terminals/{merchant}/{terminal}}.
 */
@FunctionalInterface
public interface TerminalRefusals {
  /** Remembers nothing: an API without an ingest of its own. */
  TerminalRefusals NONE = (merchant, terminal) -> Optional.empty();

  Optional<Refusal> last(String merchant, String terminal);

  /** @param atMs when TillWatch refused it, its own clock (epoch ms) */
  record Refusal(RejectReason reason, long atMs) {}
}
