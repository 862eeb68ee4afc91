package io.tillwatch.reconcile;

/** Reads one bill layout into lines, refusing the whole file at the first thing it cannot trust. */
public interface BillParser {
  Bill parse(byte[] content) throws BillRefusedException;
}
