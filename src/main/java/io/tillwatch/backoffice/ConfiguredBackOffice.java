package io.tillwatch.backoffice;

import java.util.Objects;

/** One back office as configured: the adapter and how hard TillWatch may lean on it. */
public record ConfiguredBackOffice(BackOffice backOffice, GuardSettings guards) {
  public ConfiguredBackOffice {
    Objects.requireNonNull(backOffice, "backOffice");
    Objects.requireNonNull(guards, "guards");
  }

  public String name() {
    return backOffice.name();
  }
}
