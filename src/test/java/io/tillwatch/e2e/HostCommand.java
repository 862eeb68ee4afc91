package io.tillwatch.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command of the machine (dpkg, systemd-analyze, the installed launcher) run to its end, its output kept apart. */
record HostCommand(int exitCode, String stdout, String stderr) {

  static HostCommand run(List<String> command) {
    return run(command, Map.of(), null);
  }

  static HostCommand run(List<String> command, Map<String, String> environment, Path directory) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(environment);
      if (directory != null) {
        pb.directory(directory.toFile());
      }
      Process p = pb.start();
      // Both pipes drained at once: a command that fills one while we wait on the other would hang.
      var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 120 s");
      }
      return new HostCommand(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This result, after failing with the command's output if it did not exit 0. */
  HostCommand ok(String what) {
    if (exitCode != 0) {
      throw new AssertionError(what + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
    }
    return this;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
  }
}
