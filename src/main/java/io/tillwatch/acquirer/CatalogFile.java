package io.tillwatch.acquirer;

import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.telemetry.PaymentMethod;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The back-office file read and checked whole: its back offices (not yet made) and its routes.
 *
 * <p>Design: every scalar is read as text (only {@code ~}, {@code null} and nothing stay null) and
 * typed by the field that reads it, because YAML 1.1's guesses are wrong for this file: an unquoted
 * {@code mchid: 0190000001} would be an octal number, {@code appId} a long, {@code version: 1.10}
 * the number 1.1.
 */
record CatalogFile(List<Planned> backOffices, List<RouteTable.Route> routes) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

  /** One back office as the file describes it. */
  record Planned(String name, GuardSettings guards, AdapterEntries.Factory factory) {}

  /** Resolves no scalar type but null. */
  private static final class TextOnly extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  static CatalogFile read(Path file) {
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      doc = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
          new TextOnly()).load(r);
    } catch (IOException e) {
      throw new BackOfficeConfigException(file + ": cannot read the back-office file (" + e.getClass().getSimpleName()
          + ")");
    } catch (RuntimeException e) {
      throw new BackOfficeConfigException(file + ": the back-office file is not valid YAML: " + e.getMessage());
    }
    if (doc == null) {
      return new CatalogFile(List.of(), List.of());
    }
    if (!(doc instanceof Map<?, ?> top)) {
      throw new BackOfficeConfigException(file + ": must be a mapping with backOffices and routes");
    }
    ConfigEntry whole = new ConfigEntry(file, "top level", top);
    List<Planned> backOffices = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (Map<?, ?> entry : whole.mappings("backOffices")) {
      Planned planned = backOffice(file, ++i, entry);
      if (!names.add(planned.name())) {
        throw new BackOfficeConfigException(file + ": back office '" + planned.name() + "': name: used twice");
      }
      backOffices.add(planned);
    }
    List<RouteTable.Route> routes = new ArrayList<>();
    i = 0;
    for (Map<?, ?> entry : whole.mappings("routes")) {
      routes.add(route(file, ++i, entry, names));
    }
    whole.noOtherKeys();
    return new CatalogFile(backOffices, routes);
  }

  private static Planned backOffice(Path file, int position, Map<?, ?> map) {
    Object rawName = map.get("name");
    String label = rawName == null ? "back office #" + position : "back office '" + rawName + "'";
    ConfigEntry e = new ConfigEntry(file, label, map);
    String name = e.text("name");
    if (!NAME.matcher(name).matches()) {
      throw e.error("name", "'" + name + "' must be 1 to 32 of a-z, 0-9 and '-' (it labels metrics)");
    }
    String type = e.text("type");
    AdapterEntries.Factory factory = AdapterEntries.read(type, name, e);
    GuardSettings d = GuardSettings.DEFAULTS;
    GuardSettings guards = new GuardSettings(e.duration("timeout", d.timeout()), e.positiveInt("maxConcurrent",
        d.maxConcurrent()), e.positiveDouble("ratePerSecond", d.ratePerSecond()), e.positiveInt("breakerFailures",
        d.breakerFailures()), e.duration("breakerOpenFor", d.breakerOpenFor()));
    e.noOtherKeys();
    return new Planned(name, guards, factory);
  }

  private static RouteTable.Route route(Path file, int position, Map<?, ?> map, Set<String> names) {
    ConfigEntry e = new ConfigEntry(file, "route #" + position, map);
    String merchant = e.text("merchant");
    String methodText = e.optionalText("method");
    PaymentMethod method = null;
    if (methodText != null) {
      try {
        method = PaymentMethod.valueOf(methodText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException x) {
        throw e.error("method", "'" + methodText + "' is not one of " + List.of(PaymentMethod.values()));
      }
    }
    String backOffice = e.text("backOffice");
    if (!names.contains(backOffice)) {
      throw e.error("backOffice", "no back office is named '" + backOffice + "'");
    }
    e.noOtherKeys();
    return new RouteTable.Route(merchant, method, backOffice);
  }
}
