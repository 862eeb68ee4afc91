package io.tillwatch.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tillwatch.telemetry.RejectReason;
import java.util.Optional;

/**
 * Each terminal's last refused message, reason and time only, as this process refused it: what the
 * terminal API shows, so an operator looking at one terminal sees why its messages do not count.
 *
 * <p>Design notes. Memory only and bounded: at most {@code maxTerminals} terminals are remembered
 * (about 200 bytes each), beyond that Caffeine forgets the least useful; a restart forgets all. It
 * is neither stored nor shared because the log and the scraped counters are the lasting record, and
 * a refusal must not cost a write on the path a flooding terminal drives. Only refusals whose topic
 * named a terminal are kept (a refused topic names none that can be trusted); the topic ACL (in
 * broker mode, the broker's) has let the sender use that topic, so a terminal cannot write another
 * terminal's entry. In a cluster each gateway remembers what it refused; the instance answering
 * the API may not be it.
 */
public final class LastRefusals {
  /** Enough for a large fleet at a few tens of MB in the worst case. */
  public static final int DEFAULT_TERMINALS = 100_000;

  /** One refusal: its reason and when TillWatch refused it (its clock, epoch ms). */
  public record Refusal(RejectReason reason, long atMs) {}

  private final Cache<String, Refusal> last;

  public LastRefusals(int maxTerminals) {
    this.last = Caffeine.newBuilder().maximumSize(maxTerminals).build();
  }

  void refused(String merchant, String terminal, RejectReason reason, long atMs) {
    last.put(key(merchant, terminal), new Refusal(reason, atMs));
  }

  public Optional<Refusal> last(String merchant, String terminal) {
    return Optional.ofNullable(last.getIfPresent(key(merchant, terminal)));
  }

  private static String key(String merchant, String terminal) {
    return merchant + "/" + terminal; // ids never hold a slash
  }
}
