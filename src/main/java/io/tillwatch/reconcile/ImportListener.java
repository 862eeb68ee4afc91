package io.tillwatch.reconcile;

/** Hears of every finished import (imported, unchanged or refused); metrics count through it. */
@FunctionalInterface
public interface ImportListener {
  void finished(ImportResult result);

  ImportListener NONE = result -> {};
}
