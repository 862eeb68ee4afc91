package io.tillwatch.tasks;

/** Lifecycle of an operator task: OPEN -> ACKNOWLEDGED -> RESOLVED (OPEN -> RESOLVED is allowed too). */
public enum TaskState {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  public boolean unresolved() {
    return this != RESOLVED;
  }
}
