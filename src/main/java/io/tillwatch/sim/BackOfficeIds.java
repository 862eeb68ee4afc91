package io.tillwatch.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids a simulated merchant has at each back office: WeChat Pay {@code mchid} and {@code appid},
 * Alipay {@code app_id}. Derived from the merchant's position in the list, so the daemon's
 * configuration and the simulated back office agree without exchanging anything:
 * merchant 1 is mchid {@code 1900000001}, appid {@code wx0000000000000001}, Alipay app id
 * {@code 2021000000000001}.
 */
public final class BackOfficeIds {
  private final List<String> merchants;
  private final Map<String, String> byMchid = new HashMap<>();
  private final Map<String, String> byAppId = new HashMap<>();

  public BackOfficeIds(List<String> merchants) {
    this.merchants = List.copyOf(merchants);
    for (String m : this.merchants) {
      byMchid.put(mchid(m), m);
      byAppId.put(alipayAppId(m), m);
    }
  }

  /** The ids of a simulator's merchants ({@code m001}, {@code m002}, ...). */
  public static BackOfficeIds of(SimulatorOptions o) {
    String[] ms = new String[o.merchants()];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = o.merchantId(i);
    }
    return new BackOfficeIds(List.of(ms));
  }

  public List<String> merchants() {
    return merchants;
  }

  public String mchid(String merchant) {
    return "19" + String.format("%08d", number(merchant));
  }

  public String wechatAppId(String merchant) {
    return "wx" + String.format("%016d", number(merchant));
  }

  public String alipayAppId(String merchant) {
    return "2021" + String.format("%012d", number(merchant));
  }

  /** The merchant with this WeChat Pay mchid; null when none. */
  public String merchantOfMchid(String mchid) {
    return mchid == null ? null : byMchid.get(mchid);
  }

  /** The merchant with this Alipay app id; null when none. */
  public String merchantOfAlipayApp(String appId) {
    return appId == null ? null : byAppId.get(appId);
  }

  private int number(String merchant) {
    int i = merchants.indexOf(merchant);
    if (i < 0) {
      throw new IllegalArgumentException("unknown merchant " + merchant);
    }
    return i + 1;
  }
}
