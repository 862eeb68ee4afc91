package io.tillwatch.backoffice;

import java.util.concurrent.CompletionStage;

/**
 * Sends reprint commands to terminals (the port; the terminal-command service implements it). The
 * stage completes with the command's id once the command is stored, before it is delivered.
 * Sending the same order twice returns the first command.
 */
@FunctionalInterface
public interface ReprintSender {
  CompletionStage<String> send(ReprintOrder order);
}
