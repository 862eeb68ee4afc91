package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;

/**
 * A finding TillWatch reported (e.g. one operator task), as the scorer compares it with the ground truth.
 *
 * @param subject the txn id for per-sale kinds; for terminal-level kinds the finding's subject
 *                ({@code seq:..}, {@code silent@..}, {@code backlog@..}), which the scorer ignores
 */
public record ObservedFinding(FindingKind kind, String merchant, String terminal, String subject) {}
