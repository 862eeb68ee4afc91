package io.tillwatch.telemetry;

/**
 * Benchmark-only public face of the decoder's package-private RFC 3339 fast path, so the validating
 * peer can be measured with TillWatch's time parse as well as with the JDK's (main code unchanged).
 */
public final class BenchTime {
  private BenchTime() {}

  /** Epoch ms of the common shape, or {@link Long#MIN_VALUE} when the caller must ask the JDK. */
  public static long parseMillis(CharSequence s) {
    return Rfc3339.parseMillis(s);
  }
}
