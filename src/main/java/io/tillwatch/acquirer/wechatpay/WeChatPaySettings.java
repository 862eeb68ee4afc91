package io.tillwatch.acquirer.wechatpay;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * One WeChat Pay merchant account as configured.
 *
 * @param platformSerialNo when not null, an answer's {@code Wechatpay-Serial} must equal it
 * @param youngSaleFor     NOTPAY within this of the sale is PENDING (the customer may still be paying)
 */
public record WeChatPaySettings(String name, String baseUrl, String mchid, String merchantSerialNo,
    PrivateKey merchantPrivateKey, PublicKey platformPublicKey, String platformSerialNo, Duration youngSaleFor) {

  public WeChatPaySettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(mchid, "mchid");
    Objects.requireNonNull(merchantSerialNo, "merchantSerialNo");
    Objects.requireNonNull(merchantPrivateKey, "merchantPrivateKey");
    Objects.requireNonNull(platformPublicKey, "platformPublicKey");
    Objects.requireNonNull(youngSaleFor, "youngSaleFor");
  }

  /** Keys are never printed. */
  @Override
  public String toString() {
    return "WeChatPaySettings[name=" + name + ", baseUrl=" + baseUrl + ", mchid=" + mchid + ", merchantSerialNo="
        + merchantSerialNo + ", platformSerialNo=" + platformSerialNo + ", youngSaleFor=" + youngSaleFor + "]";
  }
}
