package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package on this machine, as an operator meets it: {@code dpkg -i}, the unit checked
 * by {@code systemd-analyze verify}, a terminal and an API token provisioned with the installed
 * CLI (run as root, from a directory that must stay empty), the daemon started exactly as the unit
 * starts it (its ExecStart, Environment, User, WorkingDirectory and file-system sandbox; systemd
 * itself does not run here, so the sandbox is rebuilt with unshare and setpriv: {@link #SANDBOX}),
 * a sale published with mosquitto_pub whose finding the API shows, a SIGTERM stop within the
 * unit's TimeoutStopSec, the package installed again over itself (data and a changed
 * configuration kept), then {@code dpkg -r} (data and user kept) and {@code dpkg -P} (nothing
 * left, or only the data when /var/lib/tillwatch/KEEP-ON-PURGE asks for it). Needs root, as CI has: it installs and purges the package 'tillwatch' and its user, so
 * it must not run on a machine whose TillWatch install matters.
 */
class DebianPackageIT {
  static final Path UNIT = Path.of("/usr/lib/systemd/system/tillwatch.service");
  static final Path STATE = Path.of("/var/lib/tillwatch");
  static final Path CONFIG = Path.of("/etc/tillwatch/tillwatch.yml");
  static final Path LAUNCHER = Path.of("/usr/bin/tillwatch");

  @TempDir
  Path dir;

  @Test
  void installsRunsAsItsUserFindsASaleAndRemovesCleanly() throws Exception {
    Path deb = debToInstall();
    dpkg("-P", "tillwatch"); // an earlier run's leftovers
    Process daemon = null;
    try {
      dpkg("-i", deb.toString());
      installedLayout();
      systemdAcceptsTheUnit();
      Map<String, String> unit = unitSettings();

      int mqttPort = FreePorts.next();
      int httpPort = FreePorts.next();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("TILLWATCH_MQTT_PORT", String.valueOf(mqttPort));
      env.put("TILLWATCH_HTTP_PORT", String.valueOf(httpPort));
      env.put("TILLWATCH_DETECT_PRINT_TIMEOUT", "1s");
      env.put("TILLWATCH_DETECT_TICK", "50ms");
      env.put("TILLWATCH_MQTT_AUTH_ITERATIONS", "1000");
      Path log = dir.resolve("daemon.log");
      daemon = startAsTheUnitDoes(unit, env, log);
      Process running = daemon;
      Api api = new Api(httpPort);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .failFast("daemon exited; see " + log, () -> !running.isAlive())
          .until(() -> api.get("/health/ready").status() == 200);

      // Provisioned with the installed CLI while the daemon runs, as root, from a directory of its own:
      // the launcher runs it as tillwatch, and nothing lands where it was started.
      Path cwd = Files.createDirectory(dir.resolve("cwd"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      HostCommand added = HostCommand.run(List.of(LAUNCHER.toString(), "terminals", "add", "--merchant", "m001", "--terminal", "t0001"),
          env, cwd).ok("tillwatch terminals add");
      Matcher m = Pattern.compile("secret \\(shown once[^)]*\\): (\\S+)").matcher(added.stdout());
      assertTrue(m.find(), "a secret is printed: " + added);
      String secret = m.group(1);
      String token = HostCommand.run(List.of(LAUNCHER.toString(), "tokens", "add", "--name", "alice", "--role", "operator"), env, cwd)
          .ok("tillwatch tokens add").stdout().strip();
      try (var left = Files.list(cwd)) {
        assertEquals(List.of(), left.toList(), "the CLI wrote nothing into the directory it ran in");
      }
      ownedByTillwatch(STATE.resolve("tokens"), "rw-------");
      ownedByTillwatch(STATE.resolve("tillwatch.db"), null);

      publish(mqttPort, secret, Payloads.txn("pkg-1", 1, "STARTED", 12850));
      publish(mqttPort, secret, Payloads.txn("pkg-1", 2, "AUTHORIZED", 12850));
      assertEquals(401, api.get("/api/v1/tasks").status(), "the packaged configuration asks for a token");
      Api operator = api.withToken(token);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        Api.Response r = operator.get("/api/v1/tasks?kind=UNPRINTED_RECEIPT&terminal=t0001");
        assertEquals(200, r.status(), r.body());
        JsonArray items = r.json().getJsonArray("items");
        assertEquals(1, items.size(), r.body());
        assertEquals("pkg-1", items.getJsonObject(0).getString("txn"));
      });

      long stopSeconds = seconds(unit.get("TimeoutStopSec"));
      long t0 = System.nanoTime();
      daemon.destroy(); // SIGTERM, as systemctl stop sends it (KillSignal=SIGTERM)
      assertTrue(daemon.waitFor(stopSeconds, TimeUnit.SECONDS), "stopped within TimeoutStopSec=" + stopSeconds + "s");
      assertEquals(0, daemon.exitValue(), "a SIGTERM stop exits 0; see " + log);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(stopSeconds) / 3,
          "the graceful stop is far inside TimeoutStopSec, not close to SIGKILL");

      // A configuration error exits with the status the unit does not restart on.
      Process misconfigured = startAsTheUnitDoes(unit, Map.of("TILLWATCH_MQTT_PORT", "not-a-port"), dir.resolve("bad.log"));
      assertTrue(misconfigured.waitFor(60, TimeUnit.SECONDS), "a configuration error ends the daemon");
      assertEquals(Integer.parseInt(unit.get("RestartPreventExitStatus")), misconfigured.exitValue(),
          "a configuration error is not restarted every RestartSec: " + Files.readString(dir.resolve("bad.log")));

      // An upgrade (here the same package again) keeps the data and an administrator's configuration.
      String changed = Files.readString(CONFIG) + "# changed by the administrator\n";
      Files.writeString(CONFIG, changed);
      dpkg("-i", deb.toString());
      assertEquals(changed, Files.readString(CONFIG), "an upgrade keeps a changed configuration");
      ownedByTillwatch(STATE, "rwx------");
      ownedByTillwatch(STATE.resolve("tillwatch.db"), null);

      dpkg("-r", "tillwatch");
      assertFalse(Files.exists(LAUNCHER), "remove takes the program");
      assertTrue(Files.exists(STATE.resolve("tillwatch.db")), "remove keeps the data");
      assertTrue(Files.exists(STATE.resolve("tokens")), "remove keeps the tokens");
      assertTrue(Files.exists(CONFIG), "remove keeps the configuration");
      assertEquals(0, HostCommand.run(List.of("getent", "passwd", "tillwatch")).exitCode(), "remove keeps the user");

      dpkg("-P", "tillwatch");
      for (Path p : List.of(STATE, CONFIG.getParent(), Path.of("/usr/share/tillwatch"), UNIT, LAUNCHER)) {
        assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), "purge leaves no " + p);
      }
      assertEquals(2, HostCommand.run(List.of("getent", "passwd", "tillwatch")).exitCode(), "purge removes the user");
      assertEquals(2, HostCommand.run(List.of("getent", "group", "tillwatch")).exitCode(), "purge removes the group");
      assertTrue(HostCommand.run(List.of("dpkg-query", "-W", "tillwatch")).exitCode() != 0, "dpkg forgets the package");
    } finally {
      if (daemon != null && daemon.isAlive()) {
        daemon.destroyForcibly();
        daemon.waitFor(30, TimeUnit.SECONDS);
      }
      leaveNothing();
    }
  }

  @Test
  void purgeKeepsTheDataWhenTheAdministratorAskedForIt() throws Exception {
    Path deb = debToInstall();
    dpkg("-P", "tillwatch");
    try {
      dpkg("-i", deb.toString());
      Path journal = Files.writeString(STATE.resolve("tillwatch.db"), "the journal");
      Files.createFile(STATE.resolve("KEEP-ON-PURGE"));
      dpkg("-P", "tillwatch");
      assertEquals("the journal", Files.readString(journal), "the data asked for is kept");
      assertEquals(0, HostCommand.run(List.of("getent", "passwd", "tillwatch")).exitCode(), "and the user who owns it");
      assertFalse(Files.exists(CONFIG.getParent()), "the rest goes");
      assertFalse(Files.exists(LAUNCHER), "the rest goes");
    } finally {
      leaveNothing();
    }
  }

  private static Path debToInstall() {
    assumeTrue("root".equals(System.getProperty("user.name")), "installs a package: runs as root (CI does)");
    Path deb = Path.of(System.getProperty("tillwatch.deb", "target/tillwatch.deb"));
    assertTrue(Files.exists(deb), deb + " is missing: 'mvn package' builds it");
    return deb;
  }

  /** Neither the package, nor its user, nor its data outlive the test, whatever failed. */
  private static void leaveNothing() {
    dpkg("-P", "tillwatch");
    HostCommand.run(List.of("rm", "-rf", STATE.toString()));
    if (HostCommand.run(List.of("getent", "passwd", "tillwatch")).exitCode() == 0) {
      HostCommand.run(List.of("deluser", "--system", "--quiet", "tillwatch"));
    }
  }

  private static void installedLayout() throws IOException {
    assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is executable");
    assertTrue(Files.isRegularFile(Path.of("/usr/share/tillwatch/tillwatch.jar")));
    assertTrue(Files.isRegularFile(Path.of("/usr/share/tillwatch/alert-rules/tillwatch.rules.yml")));
    assertTrue(Files.isDirectory(Path.of("/usr/share/tillwatch/dashboards")));
    assertTrue(HostCommand.run(List.of("dpkg-query", "-W", "-f", "${Conffiles}", "tillwatch")).ok("dpkg-query").stdout()
        .contains(CONFIG.toString()), CONFIG + " is a conffile");
    String user = HostCommand.run(List.of("getent", "passwd", "tillwatch")).ok("getent passwd tillwatch").stdout();
    String[] f = user.strip().split(":");
    assertTrue(Integer.parseInt(f[2]) < 1000, "a system user: " + user);
    assertEquals(STATE.toString(), f[5], "its home is the state directory");
    assertTrue(f[6].endsWith("nologin"), "no login shell: " + user);
    ownedByTillwatch(STATE, "rwx------");
    PosixFileAttributes config = Files.readAttributes(CONFIG, PosixFileAttributes.class);
    assertEquals("tillwatch", config.group().getName(), "the service's group reads the configuration");
    assertEquals("rw-r-----", PosixFilePermissions.toString(config.permissions()), "and nobody else does");
  }

  private static void systemdAcceptsTheUnit() {
    HostCommand verify = HostCommand.run(List.of("systemd-analyze", "verify", UNIT.toString())).ok("systemd-analyze verify");
    assertEquals("", (verify.stdout() + verify.stderr()).strip(), "no warnings from systemd-analyze verify");
  }

  /** The [Service] settings of the installed unit, last one winning as in systemd (Environment= joined). */
  private static Map<String, String> unitSettings() throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    for (String line : Files.readAllLines(UNIT)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        String key = line.substring(0, eq);
        s.merge(key, line.substring(eq + 1), key.equals("Environment") ? (a, b) -> a + " " + b : (a, b) -> b);
      }
    }
    for (String required : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=" + STATE, "Restart=on-failure",
        "KillSignal=SIGTERM", "User=tillwatch")) {
      String[] kv = required.split("=", 2);
      assertEquals(kv[1], s.get(kv[0]), "the unit sets " + required);
    }
    return s;
  }

  /**
   * The unit's file-system sandbox, rebuilt in a mount namespace of the daemon's own (unshare -m):
   * ProtectSystem=strict (every mount read-only but /proc, /sys and /dev), ReadWritePaths ($1, bound
   * onto itself first so it stays writable), PrivateTmp (fresh /tmp and /var/tmp), then
   * NoNewPrivileges and User/Group with setpriv. It refuses to start the daemon if / is still
   * writable, so a sandbox that silently failed cannot pass. The unit's other restrictions
   * (capabilities, address families, kernel protections) are left to systemd-analyze verify.
   */
  static final String SANDBOX = """
      set -e
      rw="$1"; user="$2"; group="$3"; shift 3
      mount --make-rprivate /
      mount --bind "$rw" "$rw"
      for m in $(findmnt -rno TARGET | sort -r); do
        case "$m" in
          /proc|/proc/*|/sys|/sys/*|/dev|/dev/*|"$rw") ;;
          *) mount -o remount,bind,ro "$m" ;;
        esac
      done
      mount -t tmpfs -o mode=1777 tmpfs /tmp
      mount -t tmpfs -o mode=1777 tmpfs /var/tmp
      if touch /.tillwatch-sandbox-probe 2>/dev/null; then echo "sandbox: / is still writable" >&2; exit 97; fi
      exec setpriv --reuid="$user" --regid="$group" --init-groups --no-new-privs -- "$@"
      """;

  private Process startAsTheUnitDoes(Map<String, String> unit, Map<String, String> env, Path log) throws IOException {
    Path sandbox = Files.writeString(dir.resolve("sandbox.sh"), SANDBOX);
    List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", sandbox.toString(), unit.get("ReadWritePaths"),
        unit.get("User"), unit.get("Group")));
    cmd.addAll(List.of(unit.get("ExecStart").split(" ")));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of(unit.get("WorkingDirectory")).toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    for (String assignment : unit.getOrDefault("Environment", "").split(" ")) {
      if (assignment.contains("=")) {
        pb.environment().put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      }
    }
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void publish(int port, String secret, String payload) {
    HostCommand.run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-i", "t0001", "-u", "t0001", "-P", secret,
        "-q", "1", "-t", "pos/v1/m001/t0001/txn", "-m", payload)).ok("mosquitto_pub");
  }

  private static void ownedByTillwatch(Path p, String mode) throws IOException {
    assertTrue(Files.exists(p), p + " exists");
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertEquals("tillwatch", a.owner().getName(), p + " belongs to the service's user");
    if (mode != null) {
      assertEquals(mode, PosixFilePermissions.toString(a.permissions()), p + "'s mode");
    }
  }

  private static long seconds(String systemdTime) {
    assertNotNull(systemdTime, "the unit sets TimeoutStopSec");
    return Long.parseLong(systemdTime.replace("s", "").strip());
  }

  private static void dpkg(String action, String what) {
    HostCommand.run(List.of("dpkg", action, what), Map.of("DEBIAN_FRONTEND", "noninteractive"), null).ok("dpkg " + action + " " + what);
  }
}
