package io.tillwatch.http.auth;

import java.util.Locale;

/** What an API caller may do: {@code read} the tasks and terminals, or also act on tasks as an {@code operator}. */
public enum ApiRole {
  READ,
  OPERATOR;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code read} or {@code operator} (any case), or null. */
  public static ApiRole fromWire(String text) {
    if (text == null) {
      return null;
    }
    for (ApiRole r : values()) {
      if (r.wire().equalsIgnoreCase(text.trim())) {
        return r;
      }
    }
    return null;
  }

  public boolean allows(ApiRole needed) {
    return this == OPERATOR || needed == READ;
  }
}
