package io.tillwatch.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tillwatch bench load|count}: the ingest benchmark's load generator and counting subscriber (see bench/ingest.sh). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark MQTT ingest: a load generator (load) and a QoS 1 subscriber that only counts (count).",
    subcommands = {BenchLoadCommand.class, BenchCountCommand.class})
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
