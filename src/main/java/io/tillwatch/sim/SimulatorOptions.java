package io.tillwatch.sim;

import io.tillwatch.telemetry.Ids;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the fleet simulator needs to know. Validated on construction; messages name the
 * option and the allowed range.
 *
 * <p>Time. {@code timeScale} divides the simulator's own pacing: the 100..800 ms between the steps
 * of a sale and the defaults of the fault durations that are derived from the contract's default
 * deadlines (backlog, double-charge retry delay). It assumes the daemon under test runs with its
 * deadlines compressed by the same factor. It does not touch the heartbeat interval, which is a
 * promise made to the daemon in whole seconds, nor the silence default (5 x that interval), nor the
 * sales rate, which is always per real second.
 *
 * @param host                 MQTT broker / TillWatch host
 * @param port                 MQTT port
 * @param terminals            number of simulated terminals (one MQTT connection each)
 * @param merchants            number of merchants the terminals are spread over (contiguous blocks)
 * @param salesPerSecond       open-loop sales rate across the whole fleet (0 = heartbeats only)
 * @param faults               fault rates, per dispatched sale
 * @param heartbeatIntervalSec promised and actual heartbeat period, whole seconds
 * @param duration             how long to run; null = until {@code stop()}
 * @param groundTruthPath      JSON Lines file of injected faults; null = in memory only
 * @param seed                 random seed (sales, faults, drift, phases)
 * @param connectsPerSecond    connection attempts per second across the fleet at start-up
 * @param clientIdPrefix       terminal id prefix; terminal ids are prefix + 5 digits, client id = terminal id
 * @param timeScale            divides the simulator's pacing (see above); 1 = real time
 * @param silencePeriod        how long a SILENT terminal stays quiet; null = 5 x heartbeat interval
 * @param backlogPeriod        how long a BACKLOG terminal reports pendingUploads > 0; null = 35 min / timeScale
 * @param doubleChargeDelay    time from the doubtful sale's STARTED to the retried sale; null = 130 s / timeScale
 *                             (after the contract's 120 s outcome timeout, so the first sale is surely in doubt)
 * @param primeFaults          inject one fault of every kind with a non-zero rate first, so each kind shows early;
 *                             a primed double charge charges twice and a primed reversal fails, so they need a person
 * @param outcomes             what really happened at the acquirer for sales in doubt, and how often a printer runs out of paper
 * @param paperOutPeriod       how long a printer stays out of paper (the terminal takes no sales meanwhile, heartbeats say
 *                             PAPER_OUT, reprint commands fail); null = 10 min / timeScale. Must outlast the daemon's
 *                             follow-up of the sale (back-office answer + reprint command), or the reprint succeeds late
 */
public record SimulatorOptions(
    String host,
    int port,
    int terminals,
    int merchants,
    double salesPerSecond,
    FaultRates faults,
    int heartbeatIntervalSec,
    Duration duration,
    Path groundTruthPath,
    long seed,
    double connectsPerSecond,
    String clientIdPrefix,
    double timeScale,
    Duration silencePeriod,
    Duration backlogPeriod,
    Duration doubleChargeDelay,
    boolean primeFaults,
    OutcomeDraws outcomes,
    Duration paperOutPeriod) {

  /** MQTT 3.1.1 servers must accept client ids of up to 23 characters; longer ones may be refused. */
  public static final int MAX_CLIENT_ID = 23;
  static final int MIN_ID_DIGITS = 5;

  public SimulatorOptions {
    require(host != null && !host.isBlank(), "host must not be empty");
    require(port >= 1 && port <= 65_535, "port must be 1..65535, got " + port);
    require(terminals >= 1 && terminals <= 1_000_000, "terminals must be 1..1000000, got " + terminals);
    require(merchants >= 1 && merchants <= terminals, "merchants must be 1..terminals (" + terminals + "), got " + merchants);
    require(merchants <= 99_999, "merchants must be at most 99999, got " + merchants);
    require(Double.isFinite(salesPerSecond) && salesPerSecond >= 0, "sales rate must be a number >= 0 per second, got " + salesPerSecond);
    require(faults != null, "faults must be given (FaultRates.none() for none)");
    require(heartbeatIntervalSec >= 1 && heartbeatIntervalSec <= 86_400, "heartbeat interval must be 1..86400 seconds, got " + heartbeatIntervalSec);
    require(duration == null || (!duration.isNegative() && !duration.isZero()), "duration must be positive (or absent to run until stopped)");
    require(Double.isFinite(connectsPerSecond) && connectsPerSecond > 0, "connect rate must be > 0 connections per second, got " + connectsPerSecond);
    require(clientIdPrefix != null && !clientIdPrefix.isEmpty() && Ids.isValid(clientIdPrefix),
        "client id prefix must be 1.. characters of [A-Za-z0-9_.-], got '" + clientIdPrefix + "'");
    int idLength = clientIdPrefix.length() + idDigits(terminals);
    require(idLength <= MAX_CLIENT_ID, "client id prefix '" + clientIdPrefix + "' makes terminal ids " + idLength
        + " characters long; MQTT 3.1.1 servers need only accept " + MAX_CLIENT_ID);
    require(Double.isFinite(timeScale) && timeScale > 0 && timeScale <= 10_000, "time scale must be > 0 and <= 10000, got " + timeScale);
    requirePositive(silencePeriod, "silence period");
    requirePositive(backlogPeriod, "backlog period");
    requirePositive(doubleChargeDelay, "double-charge delay");
    require(outcomes != null, "outcomes must be given (OutcomeDraws.DEFAULTS for the defaults)");
    requirePositive(paperOutPeriod, "paper-out period");
  }

  /** Plain defaults: 30 s heartbeats, 100 terminals over 5 merchants, 10 sales/s, no faults, real time. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /**
   * The demo preset: 20 terminals, 2 merchants, 2 s heartbeats, 5 sales/s, and faults that make all
   * seven finding kinds appear within a minute when the daemon runs with compressed deadlines
   * (print 5 s, outcome 10 s, reversal 15 s, gap 5 s, backlog 20 s, silence factor 3, double-charge
   * window 15 min). One fault of each kind is injected first (primeFaults); the random rates keep
   * new ones coming.
   */
  public static SimulatorOptions demo(String host, int port) {
    java.util.EnumMap<FaultKind, Double> rates = new java.util.EnumMap<>(FaultKind.class);
    rates.put(FaultKind.UNPRINTED, 0.01);
    rates.put(FaultKind.UNCONFIRMED, 0.01);
    rates.put(FaultKind.DOUBLE, 0.005);
    rates.put(FaultKind.REVERSAL, 0.005);
    rates.put(FaultKind.GAP, 0.01);
    rates.put(FaultKind.SILENT, 0.002);
    rates.put(FaultKind.BACKLOG, 0.002);
    return builder(host, port)
        .terminals(20)
        .merchants(2)
        .salesPerSecond(5)
        .faults(FaultRates.of(rates))
        .heartbeatIntervalSec(2)
        .connectsPerSecond(50)
        .silencePeriod(Duration.ofSeconds(12)) // > 3 x 2 s, so the daemon's silence rule fires
        .backlogPeriod(Duration.ofSeconds(30)) // > 20 s backlog deadline + one heartbeat
        // The cashier retries before the 10 s outcome deadline; the double charge is raised the
        // moment the first sale turns doubtful at the deadline. A retry after it would race the
        // follow-up, which reprints the first sale's receipt within about a second of its task,
        // closes its doubt and so prevents the double charge the demo is there to show.
        .doubleChargeDelay(Duration.ofSeconds(6))
        .paperOutPeriod(Duration.ofSeconds(90)) // outlasts the demo's follow-up: the reprint fails, as the truth says
        .primeFaults(true)
        .build();
  }

  public String merchantId(int merchantIndex) {
    return "m" + pad(merchantIndex + 1, Math.max(3, digits(merchants)));
  }

  public String terminalId(int terminalIndex) {
    return clientIdPrefix + pad(terminalIndex + 1, idDigits(terminals));
  }

  /** Terminals are spread over merchants in contiguous blocks of (almost) equal size. */
  public int merchantIndexOf(int terminalIndex) {
    return (int) ((long) terminalIndex * merchants / terminals);
  }

  public Duration effectiveSilencePeriod() {
    return silencePeriod != null ? silencePeriod : Duration.ofSeconds(5L * heartbeatIntervalSec);
  }

  public Duration effectiveBacklogPeriod() {
    return backlogPeriod != null ? backlogPeriod : scaled(Duration.ofMinutes(35));
  }

  public Duration effectivePaperOutPeriod() {
    return paperOutPeriod != null ? paperOutPeriod : scaled(Duration.ofMinutes(10));
  }

  public Duration effectiveDoubleChargeDelay() {
    return doubleChargeDelay != null ? doubleChargeDelay : scaled(Duration.ofSeconds(130));
  }

  /** A simulator delay divided by the time scale, at least 1 ms. */
  public long scaledMillis(long millis) {
    return Math.max(1, Math.round(millis / timeScale));
  }

  private Duration scaled(Duration d) {
    return Duration.ofMillis(scaledMillis(d.toMillis()));
  }

  private static int idDigits(int terminals) {
    return Math.max(MIN_ID_DIGITS, digits(terminals));
  }

  private static int digits(int n) {
    return Integer.toString(n).length();
  }

  private static String pad(int n, int width) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  private static void requirePositive(Duration d, String what) {
    require(d == null || (!d.isNegative() && !d.isZero()), what + " must be positive (or absent for the default)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Builder with the plain defaults; {@link #build()} validates. */
  public static final class Builder {
    private final String host;
    private final int port;
    private int terminals = 100;
    private int merchants = 5;
    private double salesPerSecond = 10;
    private FaultRates faults = FaultRates.none();
    private int heartbeatIntervalSec = 30;
    private Duration duration;
    private Path groundTruthPath;
    private long seed = 42;
    private double connectsPerSecond = 200;
    private String clientIdPrefix = "t";
    private double timeScale = 1;
    private Duration silencePeriod;
    private Duration backlogPeriod;
    private Duration doubleChargeDelay;
    private boolean primeFaults;
    private OutcomeDraws outcomes = OutcomeDraws.DEFAULTS;
    private Duration paperOutPeriod;

    private Builder(String host, int port) {
      this.host = host;
      this.port = port;
    }

    public Builder terminals(int v) { terminals = v; return this; }
    public Builder merchants(int v) { merchants = v; return this; }
    public Builder salesPerSecond(double v) { salesPerSecond = v; return this; }
    public Builder faults(FaultRates v) { faults = v; return this; }
    public Builder faults(String spec) { faults = FaultRates.parse(spec); return this; }
    public Builder heartbeatIntervalSec(int v) { heartbeatIntervalSec = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder groundTruthPath(Path v) { groundTruthPath = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder connectsPerSecond(double v) { connectsPerSecond = v; return this; }
    public Builder clientIdPrefix(String v) { clientIdPrefix = v; return this; }
    public Builder timeScale(double v) { timeScale = v; return this; }
    public Builder silencePeriod(Duration v) { silencePeriod = v; return this; }
    public Builder backlogPeriod(Duration v) { backlogPeriod = v; return this; }
    public Builder doubleChargeDelay(Duration v) { doubleChargeDelay = v; return this; }
    public Builder primeFaults(boolean v) { primeFaults = v; return this; }
    public Builder outcomes(OutcomeDraws v) { outcomes = v; return this; }
    public Builder outcomes(String spec) { outcomes = OutcomeDraws.parse(spec); return this; }
    public Builder paperOutPeriod(Duration v) { paperOutPeriod = v; return this; }

    public SimulatorOptions build() {
      return new SimulatorOptions(host, port, terminals, merchants, salesPerSecond, faults, heartbeatIntervalSec, duration,
          groundTruthPath, seed, connectsPerSecond, clientIdPrefix, timeScale, silencePeriod, backlogPeriod,
          doubleChargeDelay, primeFaults, outcomes, paperOutPeriod);
    }
  }
}
