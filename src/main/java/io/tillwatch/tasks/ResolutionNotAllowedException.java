package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKind;
import java.util.List;

/** The resolution contradicts what the task's kind says happened (HTTP 422); names the allowed ones. */
public final class ResolutionNotAllowedException extends IllegalArgumentException {
  private final transient List<Resolution> allowed;

  ResolutionNotAllowedException(FindingKind kind, Resolution refused) {
    super(refused + " does not fit a " + kind + " task; it can be resolved as "
        + String.join(", ", Resolution.allowedFor(kind).stream().map(Enum::name).toList()));
    this.allowed = Resolution.allowedFor(kind);
  }

  public List<Resolution> allowed() {
    return allowed;
  }
}
