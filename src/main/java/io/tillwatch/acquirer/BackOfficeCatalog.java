package io.tillwatch.acquirer;

import io.tillwatch.backoffice.BackOfficeRouter;
import io.tillwatch.backoffice.ConfiguredBackOffice;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The back offices of the file named by {@code backoffice.file}, made and ready, with the routes that
 * say which merchant's sales go to which. The entry point for wiring: {@link #load}, then
 * {@link #backOffices()} and {@link #router()}, and {@link #close()} at shutdown.
 */
public final class BackOfficeCatalog implements AutoCloseable {
  private final List<ConfiguredBackOffice> backOffices;
  private final RouteTable router;

  private BackOfficeCatalog(List<ConfiguredBackOffice> backOffices, RouteTable router) {
    this.backOffices = List.copyOf(backOffices);
    this.router = router;
  }

  /**
   * Reads and checks the whole file, then makes each adapter on {@code vertx}.
   *
   * @throws BackOfficeConfigException naming the file, the entry and the field of the first problem
   */
  public static BackOfficeCatalog load(Path file, Vertx vertx, Clock clock) {
    return load(file, vertx, clock, Nonces.random());
  }

  /** As {@link #load(Path, Vertx, Clock)}, with the request nonces from {@code nonces} (tests fix them). */
  public static BackOfficeCatalog load(Path file, Vertx vertx, Clock clock, Supplier<String> nonces) {
    CatalogFile parsed = CatalogFile.read(file);
    List<ConfiguredBackOffice> made = new ArrayList<>();
    for (CatalogFile.Planned p : parsed.backOffices()) {
      made.add(new ConfiguredBackOffice(p.factory().create(vertx, clock, nonces, p.guards()), p.guards()));
    }
    return new BackOfficeCatalog(made, new RouteTable(parsed.routes()));
  }

  public List<ConfiguredBackOffice> backOffices() {
    return backOffices;
  }

  public BackOfficeRouter router() {
    return router;
  }

  public Optional<ConfiguredBackOffice> find(String name) {
    return backOffices.stream().filter(b -> b.name().equals(name)).findFirst();
  }

  /** Closes every adapter's connections. */
  @Override
  public void close() {
    backOffices.forEach(b -> b.backOffice().close());
  }
}
