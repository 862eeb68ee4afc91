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
 *   <li>{@code SaleRule}: the sale deadline rules, UNCONFIRMED_SALE, UNPRINTED_RECEIPT and
 *       STUCK_REVERSAL, one enum constant each: its kind, the clock that starts it ({@code SaleClock}),
 *       the events that settle it, its timeout setting, its at-once cause, its details. {@code SaleRules}
 *       runs them and knows none by name: raise, clear, next deadline; {@code DetectionEngine#stillHolds}
 *       asks the same {@code holds}.</li>
 *   <li>{@code TerminalRule}: the terminal rules, TERMINAL_SILENT (with the Last Will), UPLOAD_BACKLOG
 *       and TELEMETRY_GAP, one constant each; {@code TerminalRules} runs them (one line each, for
 *       speed) and routes the evidence that clears them. {@code Deadline}: the one strict-deadline
 *       arithmetic both use.</li>
 *   <li>{@code DoubleCharge}: DOUBLE_CHARGE_RISK, matched between sales, not a deadline.
 *       {@code SaleFindings}: raising and clearing a sale's finding, with its counters.</li>
 *   <li>{@code SaleMask}, {@code SaleClock}, {@code SaleState}: order-independent sale history (a mask
 *       of event types seen plus the first receive time of each clock's events).</li>
 *   <li>{@code SaleTable}, {@code TxnId}, {@code CurrencyCodes}: the memory layout of open sales, 104 bytes
 *       each (see {@code SaleState}): a terminal's sales by their txn id packed in two longs, in an
 *       open-addressing table of the sales themselves; currencies as codes.</li>
 *   <li>{@code TerminalState}, {@code SeqTracker}: what is known of a terminal; seq gaps and
 *       duplicate filtering.</li>
 *   <li>{@code EngineCounters}: incrementally maintained stats; {@code ReadModels}: views and snapshots;
 *       {@code Findings}: finding records.</li>
 * </ul>
 *
 * <h2>How to change a rule</h2>
 * A sale rule's logic is its constant in {@code SaleRule.java} (for example
 * {@code UNPRINTED_RECEIPT(...)}: which clock starts it, which events settle it, its at-once cause,
 * which setting is its timeout, its detail sentences); a terminal rule's is its constant in
 * {@code TerminalRule.java} (only which input is the evidence that clears it is routed in
 * {@code TerminalRules}). Nothing else names a rule's logic: raising, clearing, scheduling and
 * recovery's "still holds" follow. The operator's next step and the default severity are the
 * kind's, in {@code FindingKind.java}. A default timeout is a setting: {@code DetectionSettings#defaults}
 * here, which the configuration's {@code detect.*} defaults are read from; the README's settings
 * table follows ({@code ReadmeConfigTableTest}), and docs/telemetry.md names the defaults in prose. A new sale rule also needs a {@code SaleClock} if none
 * fits (another int in {@code SaleState}'s 104 bytes) and a per-sale {@code FindingKind} that fits
 * the open-finding bits (checked when {@code SaleState} loads); a new terminal rule its line in
 * {@code TerminalRules#evaluate} (checked when {@code TerminalRules} loads).
 *
 * <h2>Decisions where the contract leaves room</h2>
 * <ul>
 *   <li>Deadlines are strict: an event received exactly at {@code base + timeout} is in time; the rule
 *       raises from {@code base + timeout + 1} on, with {@code dueAtMs = base + timeout} ({@code Deadline}).
 *       An at-once cause (PRINT_FAILED, a Last Will) is due, and raised, at its own receive time; the
 *       Last Will's is not kept, so at the time it is looked at.</li>
 *   <li>"Earlier sale" for DOUBLE_CHARGE_RISK is decided by the terminal's seq (publication order), not
 *       by receive time, so reordered delivery cannot hide or invent a double charge; the window is
 *       {@code |tB - tA| <= doubleChargeWindow} on receive times. Across a counter reset, receive time
 *       decides.</li>
 *   <li>DOUBLE_CHARGE_RISK, never cleared by the engine, does not keep a sale open: the sale closes and
 *       lingers as usual (otherwise every double charge would pin its sale for terminalForget and make
 *       the terminal's silence critical).</li>
 *   <li>A Last Will is the broker speaking: it does not update lastHeardMs.</li>
 *   <li>An open terminal-level finding keeps its terminal past terminalForget: forgotten, the terminal
 *       would come back blank, unable to settle the finding, and its task would never close by itself.
 *       So a dead terminal's TERMINAL_SILENT keeps it until it is heard or a person resolves the task
 *       ({@code DetectionEngine#taskResolved}); such terminals are counted ({@code keptTerminals}).
 *       The finding is not in the terminal's snapshot: after a restart the task store hands it back
 *       ({@code DetectionEngine#reconcile}).</li>
 *   <li>A duplicate (same terminal + seq) changes nothing, not even liveness.</li>
 *   <li>A heartbeat's lastSeq before any txn event is ignored (no baseline to compare with).</li>
 * </ul>
 */
package io.tillwatch.engine;
