package io.tillwatch.backoffice;

import java.util.concurrent.CompletionStage;

/**
 * The port to one acquirer's or wallet's back office: "was this sale charged?". Adapters live in
 * {@code io.tillwatch.acquirer}.
 *
 * <p>Contract for adapters: the stage always completes, normally, within the adapter's own
 * timeout; every failure (transport, timeout, 5xx, malformed or unsigned answer) is an
 * {@link Verdict#UNREACHABLE} answer with its {@link LookupProblem}, never an exception. An answer
 * whose signature does not verify is never trusted. Adapters hold no schedule, no breaker and no
 * rate limit: the caller's {@code Recheck} does that for every back office alike.
 */
public interface BackOffice extends AutoCloseable {
  /** The configured name, e.g. {@code wechatpay-main}; labels metrics, so from a small configured set. */
  String name();

  CompletionStage<BackOfficeAnswer> lookUp(SaleLookup sale);

  /** Releases connections; lookups after close answer UNREACHABLE. */
  @Override
  void close();
}
