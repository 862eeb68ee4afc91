package io.tillwatch.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as {@code java -jar tillwatch.jar} runs it: whatever it does not understand
 * exits non-zero (2; reconcile 1) with one line on standard error that names it, the nearest
 * valid name and where the help is; never the help and 0, so a script that mistypes a command
 * does not believe it ran. Nothing here gets as far as starting anything.
 */
class UsageErrorsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int tillwatch(String... args) {
    return Main.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  /** Standard error's only line (the test fails if there are more), standard output empty. */
  private String oneErrorLine() {
    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), "one line on standard error:\n" + err);
    assertEquals("", out.toString(), "nothing on standard output");
    return lines.get(0);
  }

  @Test
  void anUnknownCommandExits2NamingItTheNearestCommandAndTheHelp() {
    assertEquals(2, tillwatch("termnals", "list"));
    assertEquals("tillwatch: unknown command 'termnals'; did you mean 'terminals'? (see 'tillwatch --help')", oneErrorLine());
  }

  @Test
  void anUnknownCommandWithHelpIsAnErrorNotTheTopLevelHelp() {
    assertEquals(2, tillwatch("termnals", "--help"));
    assertEquals("tillwatch: unknown command 'termnals'; did you mean 'terminals'? (see 'tillwatch --help')", oneErrorLine());
  }

  @Test
  void helpBeforeAnUnknownCommandIsAnErrorToo() {
    assertEquals(2, tillwatch("--help", "bogus"));
    assertEquals("tillwatch: unknown command 'bogus' (see 'tillwatch --help')", oneErrorLine());
  }

  @Test
  void anUnknownSubcommandOfACommandIsNamedWithItsNearest() {
    assertEquals(2, tillwatch("tokens", "lst", "--help"));
    assertEquals("tillwatch tokens: unknown command 'lst'; did you mean 'list'? (see 'tillwatch tokens --help')", oneErrorLine());
  }

  @Test
  void helpOfAnUnknownCommandIsAnError() {
    assertEquals(2, tillwatch("help", "simulte"));
    assertEquals("tillwatch: unknown command 'simulte'; did you mean 'simulate'? (see 'tillwatch --help')", oneErrorLine());
  }

  @Test
  void helpOfACommandAndOfASubcommandIsTheirHelp() {
    assertEquals(0, tillwatch("help", "tokens", "add"));
    assertTrue(out.toString().startsWith("Usage: tillwatch tokens add "), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void anUnknownOptionAtTopLevelGoesToRunAndIsNamedWithTheNearestOption() {
    // Options without a command are the daemon's ('run'), and so are the settings among its suggestions.
    assertEquals(2, tillwatch("--cofnig=/etc/tillwatch/tillwatch.yml"));
    assertEquals("tillwatch run: unknown option '--cofnig'; did you mean '--config'? (see 'tillwatch run --help')", oneErrorLine());
  }

  @Test
  void aMistypedHelpOptionIsNotTheDaemon() {
    assertEquals(2, tillwatch("--hlep"));
    assertEquals("tillwatch run: unknown option '--hlep'; did you mean '--help'? (see 'tillwatch run --help')", oneErrorLine());
  }

  @Test
  void aMistypedSettingIsNamedWithTheNearestSetting() {
    assertEquals(2, tillwatch("run", "--mqtt.prot=1884"));
    assertEquals("tillwatch run: unknown option '--mqtt.prot'; did you mean '--mqtt.port'? (see 'tillwatch run --help')",
        oneErrorLine());
  }

  @Test
  void aSettingWithItsValueAfterASpaceSaysWhereTheValueGoes() {
    assertEquals(2, tillwatch("run", "--mqtt.port", "1884"));
    assertEquals("tillwatch run: setting '--mqtt.port' takes its value after '=', as --mqtt.port=VALUE "
        + "(see 'tillwatch run --help')", oneErrorLine());
  }

  /** Each command and subcommand, with an option it does not have last (after any it requires), and who answers. */
  @ParameterizedTest
  @CsvSource({"run, run", "demo, demo", "config, config", "config --effective, config", "monitoring, monitoring",
      "monitoring --out=x, monitoring", "reconcile, reconcile", "simulate, simulate", "store, store", "store copy, store copy",
      "terminals, terminals", "terminals list, terminals", "tokens, tokens", "tokens add, tokens add", "tokens list, tokens list",
      "tokens revoke, tokens revoke", "help, help"})
  void anUnknownOptionOnAnyCommandExitsNonZeroNamingIt(String command, String answering) {
    int code = tillwatch((command + " --frobnicate").split(" "));
    assertEquals(command.startsWith("reconcile") ? 1 : 2, code, err.toString()); // reconcile's usage errors are 1: 2 is a refused bill
    assertEquals("tillwatch " + answering + ": unknown option '--frobnicate' (see 'tillwatch " + answering + " --help')",
        oneErrorLine());
  }

  @Test
  void anUnknownOptionOnASubcommandIsNamedWithItsNearest() {
    assertEquals(2, tillwatch("simulate", "--termnals=3"));
    assertEquals("tillwatch simulate: unknown option '--termnals'; did you mean '--terminals'? (see 'tillwatch simulate --help')",
        oneErrorLine());
  }

  @Test
  void aMistypedRequiredOptionIsBlamedRatherThanTheMissingOne() {
    assertEquals(2, tillwatch("store", "copy", "--form=sqlite:/var/lib/tillwatch", "--to=postgres://db:5432/tillwatch"));
    assertEquals("tillwatch store copy: unknown option '--form'; did you mean '--from'? (see 'tillwatch store copy --help')",
        oneErrorLine());
  }

  @Test
  void anUnknownOptionBeforeTheActionIsNamed() {
    assertEquals(2, tillwatch("terminals", "--terminl=t1", "rotate"));
    assertEquals("tillwatch terminals: unknown option '--terminl'; did you mean '--terminal'? (see 'tillwatch terminals --help')",
        oneErrorLine());
  }

  @Test
  void aMistypedActionIsNamedWithItsNearest() {
    assertEquals(2, tillwatch("terminals", "lst"));
    assertEquals("tillwatch terminals: unknown action 'lst' (add, rotate, revoke or list); did you mean 'list'? "
        + "(see 'tillwatch terminals --help')", oneErrorLine());
  }

  @Test
  void aStrayArgumentIsAnErrorAlsoWithHelp() {
    assertEquals(2, tillwatch("config", "--help", "stray"));
    assertEquals("tillwatch config: unexpected argument 'stray': settings are given as --key=value (see 'tillwatch config --help')",
        oneErrorLine());
  }

  @Test
  void aStrayArgumentToACommandWithoutSettingsIsAnError() {
    assertEquals(2, tillwatch("monitoring", "--out=x", "stray"));
    assertEquals("tillwatch monitoring: unexpected argument 'stray' (see 'tillwatch monitoring --help')", oneErrorLine());
  }

  @Test
  void aMistypedOptionValueIsOneLine() {
    assertEquals(2, tillwatch("simulate", "--terminals=ten"));
    assertEquals("tillwatch simulate: invalid value for option '--terminals': 'ten' is not an int (see 'tillwatch simulate --help')",
        oneErrorLine());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help", "run --help", "demo -h", "config --help", "monitoring --help",
      "reconcile --help", "simulate --help", "store --help", "store copy --help", "terminals --help", "tokens --help",
      "tokens add --help", "help terminals"})
  void helpOfAValidCommandExits0(String command) {
    assertEquals(0, tillwatch(command.split(" ")), err.toString());
    assertTrue(out.toString().startsWith("Usage: tillwatch"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void theTopLevelHelpListsTheExitCodes() {
    assertEquals(0, tillwatch("--help"));
    assertTrue(out.toString().contains("Exit codes:\n  0 "), out.toString());
    assertTrue(out.toString().contains("\n  2   not understood"), out.toString());
  }

  @Test
  void noCommandOrOnlySettingsRunTheDaemon() {
    assertArrayEquals(new String[] {"run"}, Main.withDefaultCommand(new String[0]));
    assertArrayEquals(new String[] {"run", "--mqtt.port=1884"}, Main.withDefaultCommand(new String[] {"--mqtt.port=1884"}));
    assertArrayEquals(new String[] {"--help"}, Main.withDefaultCommand(new String[] {"--help"}));
    assertArrayEquals(new String[] {"terminals", "list"}, Main.withDefaultCommand(new String[] {"terminals", "list"}));
  }

  @Test
  void knownSettingsPassTheCheck() {
    assertEquals(0, tillwatch("run", "--mqtt.port=1884", "--detect.print-timeout=45s", "--help"));
    assertTrue(out.toString().startsWith("Usage: tillwatch run"), out.toString());
    assertEquals("", err.toString());
  }
}
