package io.tillwatch.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files of one deployment: the templates in {@code src/main/resources/monitoring/}
 * (listed in its files.txt, as a jar cannot list a folder) with every {@code %%NAME%%} replaced by
 * the setup's value.
 *
 * <p>The templates are the only source: the repository's alert-rules/ and dashboards/ are this
 * output for {@link MonitoringSetup#DEFAULTS}, kept byte-identical by a test. Placeholders are
 * {@code %%NAME%%} because nothing else in these files uses that form: Prometheus rules template
 * with {@code {{ }}}, Grafana with {@code ${ }} and {@code [[ ]]}, Maven filters {@code @ @}.
 */
public final class MonitoringFiles {
  private static final String ROOT = "/monitoring/";
  private static final Pattern PLACEHOLDER = Pattern.compile("%%([A-Z_]+)%%");
  /** Job names the rule tests give other Prometheus jobs, to prove an alert ignores them. */
  private static final Pattern OTHER_JOB = Pattern.compile("job=\"([^\"%]+)\"");

  private MonitoringFiles() {}

  /** Relative path (slash-separated) to content, in the order of files.txt. */
  public static Map<String, String> render(MonitoringSetup setup) {
    Map<String, String> values = setup.placeholders();
    Map<String, String> out = new LinkedHashMap<>();
    for (String path : paths()) {
      String template = read(path);
      Set<String> others = otherJobs(path, template);
      if (others.contains(setup.job())) {
        throw new IllegalArgumentException("--job=" + setup.job() + ": the generated rule tests use that name for another "
            + "Prometheus job (" + path + "); choose a name other than " + String.join(", ", others));
      }
      out.put(path, substitute(path, template, values));
    }
    return out;
  }

  /** Writes every file under {@code dir} (created as needed, generated files overwritten); returns the files written. */
  public static List<Path> write(MonitoringSetup setup, Path dir) throws IOException {
    Map<String, String> files = render(setup);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path target = dir.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
      written.add(target);
    }
    return written;
  }

  static List<String> paths() {
    return read("files.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static Set<String> otherJobs(String path, String template) {
    Set<String> jobs = new TreeSet<>();
    if (path.startsWith("alert-rules/tests/")) {
      Matcher m = OTHER_JOB.matcher(template);
      while (m.find()) {
        jobs.add(m.group(1));
      }
    }
    return jobs;
  }

  private static String substitute(String path, String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder(template.length() + 256);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        // A template with a placeholder nobody fills is a bug of the template, not of the user's input.
        throw new IllegalStateException(path + ": unknown placeholder " + m.group());
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String read(String path) {
    try (InputStream in = MonitoringFiles.class.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("monitoring template " + path + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
