package io.tillwatch.bench.peer;

import io.tillwatch.telemetry.CardData;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Evidence that the validating peer does TillWatch's job, not a lighter one: the same verdict
 * (accepted with an equal record, refused, or refused as card data) on payloads that break each
 * rule of the contract, the same card-number verdict on random strings, and equal records for a
 * benchmark's whole input. The benchmark runs it in its setup and refuses to measure on a
 * disagreement; {@code java -cp target/benchmarks.jar io.tillwatch.bench.peer.PeerAgreement}
 * prints it. (The jmh profile has no test phase, and the default build must not see Hibernate
 * Validator, so this is not a JUnit test.)
 *
 * <p>Known differences, on purpose not hidden here: a numeric {@code pan} is refused by both, but
 * by the peer as a type error rather than card data (the case below says so); a duplicated key
 * is scanned by TillWatch at each occurrence and by the peer only at its last; a float written with
 * an exponent is scanned as its {@code BigDecimal} prints it.
 */
public final class PeerAgreement {
  static final Topic TOPIC = new Topic("m001", "t00001", TopicKind.TXN);
  private static final String GOOD = "\"txn\":\"20261130-000123\",\"seq\":1042,\"event\":\"AUTHORIZED\","
      + "\"at\":\"2026-11-30T02:00:00.123Z\",\"amount\":12850,\"currency\":\"CNY\",\"method\":\"CARD\","
      + "\"rrn\":\"433412345678\",\"authCode\":\"A1B2C3\",\"pan\":\"622848******1234\",\"ref\":\"T0001-20261130-000123\"";
  private static final String PRINTED = "\"txn\":\"20261130-000123\",\"seq\":1043,\"event\":\"PRINTED\",\"at\":1796004000123";
  private static final String PAN = "4111111111111111"; // Luhn-valid, Visa prefix

  /** Payloads and, for the few where the verdicts legitimately differ in kind, why. */
  static final String[][] CASES = {
      {"{" + GOOD + "}"},
      {"{" + PRINTED + "}"},
      {"{" + PRINTED.replace("1796004000123", "\"2026-11-30T10:00:00+08:00\"") + "}"},
      {"{" + PRINTED.replace("1796004000123", "\"2026-11-30T02:00:00.123456789Z\"") + "}"},
      {"{" + PRINTED + ",\"method\":\"ALIPAY_HK\",\"pan\":null,\"rrn\":null}"},
      {"{" + GOOD + ",\"device\":{\"model\":\"A920\",\"lane\":[1,2.5,true,null]},\"cashier\":\"c-42\",\"n\":3}"},
      {"{" + GOOD.replace("T0001-20261130-000123", "1234567812345670") + "}"}, // Luhn-valid, no card prefix
      {"{" + GOOD.replace("20261130-000123", "20251130000123") + "}"},
      // required fields and their types
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\",", "") + "}"},
      {"{" + GOOD.replace("\"seq\":1042,", "") + "}"},
      {"{" + GOOD.replace("\"event\":\"AUTHORIZED\",", "") + "}"},
      {"{" + GOOD.replace("\"at\":\"2026-11-30T02:00:00.123Z\",", "") + "}"},
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\"", "\"txn\":null") + "}"},
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\"", "\"txn\":123") + "}"},
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\"", "\"txn\":\"\"") + "}"},
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\"", "\"txn\":\"a b\"") + "}"},
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\"", "\"txn\":\"" + "x".repeat(65) + "\"") + "}"},
      {"{" + GOOD.replace("\"txn\":\"20261130-000123\"", "\"txn\":\"" + PAN + "\"") + "}"},
      {"{" + GOOD.replace("\"seq\":1042", "\"seq\":-1") + "}"},
      {"{" + GOOD.replace("\"seq\":1042", "\"seq\":\"1042\"") + "}"},
      {"{" + GOOD.replace("\"seq\":1042", "\"seq\":1042.0") + "}"},
      {"{" + GOOD.replace("\"seq\":1042", "\"seq\":99999999999999999999") + "}"},
      {"{" + GOOD.replace("\"seq\":1042", "\"seq\":true") + "}"},
      {"{" + GOOD.replace("\"AUTHORIZED\"", "\"AUTHORISED\"") + "}"},
      {"{" + GOOD.replace("\"AUTHORIZED\"", "\"authorized\"") + "}"},
      {"{" + GOOD.replace("\"AUTHORIZED\"", "1") + "}"},
      {"{" + GOOD.replace("\"AUTHORIZED\"", "\"1\"") + "}"},
      {"{" + GOOD.replace("\"AUTHORIZED\"", "\"\"") + "}"},
      {"{" + GOOD.replace("2026-11-30T02:00:00.123Z", "2026-11-30 02:00:00Z") + "}"},
      {"{" + GOOD.replace("2026-11-30T02:00:00.123Z", "1999-12-31T23:59:59Z") + "}"},
      {"{" + GOOD.replace("2026-11-30T02:00:00.123Z", "2026-02-30T02:00:00Z") + "}"},
      {"{" + GOOD.replace("\"2026-11-30T02:00:00.123Z\"", "0") + "}"},
      {"{" + GOOD.replace("\"2026-11-30T02:00:00.123Z\"", "1796004000123.5") + "}"},
      {"{" + GOOD.replace("\"2026-11-30T02:00:00.123Z\"", "null") + "}"},
      // amount and currency
      {"{" + GOOD.replace("\"AUTHORIZED\"", "\"STARTED\"").replace("\"amount\":12850,", "") + "}"},
      {"{" + GOOD.replace(",\"currency\":\"CNY\"", "") + "}"},
      {"{" + GOOD.replace("\"CNY\"", "\"cny\"") + "}"},
      {"{" + GOOD.replace("\"CNY\"", "\"CN\"") + "}"},
      {"{" + GOOD.replace("\"CNY\"", "null") + "}"},
      {"{" + GOOD.replace("12850", "-5") + "}"},
      {"{" + GOOD.replace("12850", "\"12850\"") + "}"},
      {"{" + PRINTED + ",\"amount\":null}"},
      {"{" + PRINTED + ",\"currency\":\"CNY\"}"},
      // optional text
      {"{" + GOOD.replace("\"CARD\"", "\"\"") + "}"},
      {"{" + GOOD.replace("\"CARD\"", "5") + "}"},
      {"{" + GOOD.replace("433412345678", "x".repeat(129)) + "}"},
      {"{" + GOOD.replace("\"433412345678\"", "433412345678") + "}"},
      // card data
      {"{" + GOOD.replace("433412345678", "4111 1111 1111 1111") + "}"},
      {"{" + GOOD.replace("A1B2C3", "x4111-1111-1111-1111y") + "}"},
      {"{" + GOOD.replace("T0001-20261130-000123", "order " + PAN) + "}"},
      {"{" + GOOD.replace("622848******1234", PAN) + "}"},
      {"{" + GOOD.replace("622848******1234", "622848123*1234") + "}"},
      {"{" + GOOD.replace("622848******1234", "6228481234") + "}"},
      {"{" + GOOD.replace("\"622848******1234\"", PAN) + "}", "a numeric pan: card data to TillWatch, a type error to the peer"},
      {"{" + GOOD + ",\"note\":\"paid with " + PAN + "\"}"},
      {"{" + GOOD + ",\"CVV\":\"123\"}"},
      {"{" + GOOD + ",\"x\":{\"y\":{\"Track2\":\"abc\"}}}"},
      {"{" + GOOD + ",\"x\":[1,2,{\"y\":" + PAN + "}]}"},
      {"{" + GOOD + ",\"x\":" + PAN + ".0}"},
      {"{" + GOOD + ",\"" + PAN + "\":1}"},
      {"{" + GOOD + ",\"x\":{\"" + PAN + "\":true}}"},
      {"{" + GOOD + ",\"x\":\"41111111111111111111\"}"}, // 20 digits: not a card number
      {"{" + GOOD + ",\"unknown\":\"" + PAN + "\"}"}, // the peer's own field names are not special
      {"{" + GOOD + ",\"unknown\":\"x\",\"at\":1796004000123}"},
      // shape
      {"{" + GOOD + ",\"x\":[[[[[[[[[1]]]]]]]]]}"},
      {"[" + GOOD + "]"},
      {"{" + GOOD},
      {"{" + GOOD + "} {}"},
      {"null"},
      {""},
      {"\"" + GOOD.replace("\"", "") + "\""},
      {"{" + GOOD + ",\"pad\":\"" + "x".repeat(17_000) + "\"}"},
  };

  private PeerAgreement() {}

  /** Every disagreement between the decoder and the peer, as one line each; empty when they agree. */
  public static List<String> disagreements(TelemetryDecoder decoder, ValidatingPeer peer, Topic[] topics, byte[][] payloads,
      int streamPrefix) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < CASES.length; i++) {
      String[] c = CASES[i];
      String ours = verdict(decoder, TOPIC, c[0]);
      String theirs = verdict(peer, TOPIC, c[0]);
      boolean expectedDifference = c.length > 1 && ours.startsWith("refused") && theirs.startsWith("refused");
      if (!ours.equals(theirs) && !expectedDifference) {
        out.add("case " + i + ": TillWatch " + ours + ", peer " + theirs + ": " + abbreviate(c[0]));
      }
    }
    Random rnd = new Random(7);
    String alphabet = "0123456789012345678901234567890123456789 -x";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = rnd.nextInt(48); n > 0; n--) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = b.toString();
      if (CardData.containsLikelyPan(s) != CardNumbers.contains(s, false)
          || CardData.containsCardNumberId(s) != CardNumbers.contains(s, true)) {
        out.add("card-number scan differs on \"" + s + "\"");
        break;
      }
    }
    for (int j = 0; j < Math.min(streamPrefix, payloads.length); j++) {
      try {
        Telemetry ours = decoder.decode(topics[j], payloads[j]);
        Telemetry theirs = peer.decode(topics[j], payloads[j]);
        if (!ours.equals(theirs)) {
          out.add("stream event " + j + ": TillWatch " + ours + ", peer " + theirs);
          break;
        }
      } catch (RejectedMessageException | ValidatingPeer.Refused e) {
        out.add("stream event " + j + " refused by one side: " + e.getMessage());
        break;
      }
    }
    return out;
  }

  static String verdict(TelemetryDecoder decoder, Topic topic, String payload) {
    try {
      return "accepted " + decoder.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
    } catch (RejectedMessageException e) {
      return e.reason() == RejectReason.CARD_DATA ? "refused as card data" : "refused";
    }
  }

  static String verdict(ValidatingPeer peer, Topic topic, String payload) {
    try {
      return "accepted " + peer.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
    } catch (ValidatingPeer.Refused e) {
      return e.cardData ? "refused as card data" : "refused";
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }

  /** Prints each case's verdicts, then the disagreements; exits 1 on any. */
  public static void main(String[] args) {
    TelemetryDecoder decoder = new TelemetryDecoder(16 * 1024);
    ValidatingPeer peer = new ValidatingPeer(16 * 1024, false);
    for (int i = 0; i < CASES.length; i++) {
      String ours = verdict(decoder, TOPIC, CASES[i][0]);
      String theirs = verdict(peer, TOPIC, CASES[i][0]);
      System.out.printf("%2d %-22s %-22s %s%n", i, ours.startsWith("accepted") ? "accepted" : ours,
          theirs.startsWith("accepted") ? "accepted" : theirs, abbreviate(CASES[i][0]));
    }
    List<String> d = disagreements(decoder, peer, new Topic[0], new byte[0][], 0);
    d.forEach(System.out::println);
    System.out.println(d.isEmpty() ? "the peer agrees with TillWatch on every case" : d.size() + " disagreement(s)");
    peer.close();
    System.exit(d.isEmpty() ? 0 : 1);
  }
}
