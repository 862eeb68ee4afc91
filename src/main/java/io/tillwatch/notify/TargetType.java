package io.tillwatch.notify;

import java.util.Locale;

/** The receivers TillWatch can speak to; the label is the file's {@code type} and the metrics' {@code type}. */
public enum TargetType {
  /** Any HTTPS endpoint: the task as JSON, signed with the target's secret (HMAC-SHA256). */
  GENERIC,
  /** A WeCom (企业微信) group robot: its webhook URL carries the robot's key. */
  WECOM,
  /** A DingTalk (钉钉) group robot: access_token in the URL, optionally the "加签" secret. */
  DINGTALK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static TargetType fromLabel(String label) {
    for (TargetType t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException("'" + label + "' is not one of generic, wecom, dingtalk");
  }
}
