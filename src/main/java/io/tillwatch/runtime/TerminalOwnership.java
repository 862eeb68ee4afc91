package io.tillwatch.runtime;

/**
 * Which terminals this instance watches. One instance watches every terminal; instances that
 * share a store and split the fleet (partitioned broker mode) each watch their own slice, and
 * must rebuild only that slice from the shared journal: a terminal another instance watches
 * would look silent here, and its open sales would look unconfirmed.
 */
@FunctionalInterface
public interface TerminalOwnership {
  boolean owns(String merchant, String terminal);

  TerminalOwnership ALL = (merchant, terminal) -> true;
}
