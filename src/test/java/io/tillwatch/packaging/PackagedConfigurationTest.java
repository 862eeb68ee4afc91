package io.tillwatch.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigLoader;
import io.tillwatch.app.config.Keys;
import io.tillwatch.app.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's files agree with each other and with the settings registry: the commented
 * configuration names real keys with their real defaults (and still loads with every one of them
 * uncommented), and its state directory is the one the launcher defaults to and the unit may write.
 */
class PackagedConfigurationTest {
  static final Path DEB = Path.of("src/deb");
  /** A commented setting: '#' directly followed by a key; prose comments have a space after '#'. */
  static final Pattern COMMENTED = Pattern.compile("^#([a-z][a-z0-9.-]*):(?: (.*))?$");

  @TempDir
  Path dir;

  @Test
  void commentedSettingsAreRealKeysWithTheirDefaults() throws Exception {
    List<String> uncommented = new ArrayList<>();
    int settings = 0;
    for (String line : Files.readAllLines(DEB.resolve("tillwatch.yml"))) {
      Matcher m = COMMENTED.matcher(line);
      if (m.matches()) {
        settings++;
        Setting<?> s = Keys.byKey(m.group(1));
        assertNotNull(s, "tillwatch.yml shows an unknown key: " + line);
        assertEquals(s.defaultValue(), m.group(2) == null ? "" : m.group(2), "tillwatch.yml shows " + s.key() + "'s default");
        uncommented.add(line.substring(1));
      } else {
        assertTrue(line.isEmpty() || line.startsWith("# ") || line.equals("#") || !line.startsWith("#"),
            "a comment has a space after '#', a commented setting none: " + line);
        uncommented.add(line);
      }
    }
    assertTrue(settings > 10, "the file shows the main settings");
    Path all = Files.write(dir.resolve("all.yml"), uncommented);
    ConfigLoader.load(all, Map.of(), List.of());
  }

  @Test
  void theStateDirectoryIsTheSameInTheConfigurationTheLauncherAndTheUnit() throws Exception {
    Config c = ConfigLoader.load(DEB.resolve("tillwatch.yml"), Map.of(), List.of());
    String state = c.get(Keys.DATA_DIR);
    assertEquals("/var/lib/tillwatch", state);
    assertEquals(state + "/tokens", c.get(Keys.HTTP_TOKENS_FILE), "the tokens file lives in the state directory");
    assertTrue(Files.readString(DEB.resolve("tillwatch")).contains("-Dtillwatch.state-dir=" + state + " "),
        "the launcher makes it the default of every command");
    String unit = Files.readString(DEB.resolve("tillwatch.service"));
    assertTrue(unit.contains("\nReadWritePaths=" + state + "\n"), "the unit may write there");
    assertTrue(unit.contains("\nWorkingDirectory=" + state + "\n"));
    assertTrue(unit.contains("--config /etc/tillwatch/tillwatch.yml\n"), "the unit reads the packaged configuration");
  }
}
