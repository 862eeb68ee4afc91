/**
 * The detection engine: per-terminal and per-sale state, the contract's rules, deadlines and
 * findings. Pure Java, single-threaded per instance (one instance = one shard), no I/O and no wall
 * clock: time is an argument. Imports only {@code io.tillwatch.telemetry} and the JDK.
 *
 * <h2>Map</h2>
 * <ul>
 *   <li>{@link io.tillwatch.engine.DetectionEngine}: the public entry points; routes input, owns time,
 *       eviction and recovery.</li>
 *   <li>{@code DeadlineWheel} / {@code DeadlineNode}: hashed timing wheel of intrusive nodes; one node
 *       per sale and per terminal, scheduled at the object's next "look at me" time.</li>
 *   <li>{@code SaleMask}, {@code SaleState}, {@code SaleRules}: order-independent sale rules (a sale is a
 *       mask of event types seen plus first receive times).</li>
 *   <li>{@code SaleTable}, {@code TxnId}, {@code CurrencyCodes}: the memory layout of open sales, 104 bytes
 *       each (see {@code SaleState}): a terminal's sales by their txn id packed in two longs, in an
 *       open-addressing table of the sales themselves; currencies as codes.</li>
 *   <li>{@code TerminalState}, {@code TerminalRules}, {@code SeqTracker}: silence, backlog, telemetry gaps,
 *       duplicate filtering.</li>
 *   <li>{@code EngineCounters}: incrementally maintained stats; {@code ReadModels}: views and snapshots;
 *       {@code Findings}: finding records.</li>
 * </ul>
 *
 * <h2>Decisions where the contract leaves room</h2>
 * <ul>
 *   <li>Deadlines are strict: an event received exactly at {@code base + timeout} is in time; the rule
 *       raises from {@code base + timeout + 1} on, with {@code dueAtMs = base + timeout}.</li>
 *   <li>"Earlier sale" for DOUBLE_CHARGE_RISK is decided by the terminal's seq (publication order), not
 *       by receive time, so reordered delivery cannot hide or invent a double charge; the window is
 *       {@code |tB - tA| <= doubleChargeWindow} on receive times. Across a counter reset, receive time
 *       decides.</li>
 *   <li>DOUBLE_CHARGE_RISK, never cleared by the engine, does not keep a sale open: the sale closes and
 *       lingers as usual (otherwise every double charge would pin its sale for terminalForget and make
 *       the terminal's silence critical).</li>
 *   <li>A Last Will is the broker speaking: it does not update lastHeardMs. Terminal-level findings do
 *       not stop a terminal from being forgotten (a dead terminal's TERMINAL_SILENT would pin it forever);
 *       their tasks stay open for a person.</li>
 *   <li>A duplicate (same terminal + seq) changes nothing, not even liveness.</li>
 *   <li>A heartbeat's lastSeq before any txn event is ignored (no baseline to compare with).</li>
 * </ul>
 */
package io.tillwatch.engine;
