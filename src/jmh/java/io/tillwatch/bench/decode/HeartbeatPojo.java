package io.tillwatch.bench.decode;

/** The simplest POJO for a heartbeat: public fields, no validation. */
public final class HeartbeatPojo {
  public String at;
  public int intervalSec;
  public Long lastSeq;
  public String firmware;
  public String network;
  public Integer signal;
  public String printer;
  public Integer pendingUploads;
  public String store;
  public String region;
}
