package io.tillwatch.bench.decode;

/**
 * The simplest POJO a Jackson user would bind a transaction event to: public fields, no
 * validation, {@code at} kept as the string it arrived as. Unknown fields are ignored by the mapper.
 */
public final class TxnPojo {
  public String txn;
  public long seq;
  public String event;
  public String at;
  public Long amount;
  public String currency;
  public String method;
  public String rrn;
  public String authCode;
  public String pan;
}
