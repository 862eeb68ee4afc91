package io.tillwatch.ingest;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;

/** Benchmark-only access to the pipeline's view of a received buffer (package-private in the product). */
public final class BenchPayload {
  private BenchPayload() {}

  public static ByteBuffer view(Buffer payload) {
    return IngestPipeline.view(payload);
  }
}
