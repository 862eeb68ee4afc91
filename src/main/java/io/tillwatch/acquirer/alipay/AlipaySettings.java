package io.tillwatch.acquirer.alipay;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * One Alipay application as configured.
 *
 * @param youngSaleFor WAIT_BUYER_PAY within this of the sale is PENDING (the customer may still be paying)
 */
public record AlipaySettings(String name, String gatewayUrl, String appId, PrivateKey appPrivateKey,
    PublicKey alipayPublicKey, Duration youngSaleFor) {

  public AlipaySettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(gatewayUrl, "gatewayUrl");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(appPrivateKey, "appPrivateKey");
    Objects.requireNonNull(alipayPublicKey, "alipayPublicKey");
    Objects.requireNonNull(youngSaleFor, "youngSaleFor");
  }

  /** Keys are never printed. */
  @Override
  public String toString() {
    return "AlipaySettings[name=" + name + ", gatewayUrl=" + gatewayUrl + ", appId=" + appId + ", youngSaleFor="
        + youngSaleFor + "]";
  }
}
