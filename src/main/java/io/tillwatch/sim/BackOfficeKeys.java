package io.tillwatch.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Locale;

/**
 * The key pairs of a simulated back office run, generated at start: the merchant pair (the daemon
 * signs its requests with the private half, the back office verifies with the public half; one pair
 * serves every simulated merchant, for WeChat Pay and Alipay alike) and the platform pair (the back
 * office signs its answers, the daemon verifies with the public half).
 *
 * <p>{@link #writeTo} writes what the daemon needs into a folder, private key files readable by the
 * owner only:
 * <ul>
 *   <li>{@code merchant-private.pem}: PKCS#8, the daemon's request-signing key</li>
 *   <li>{@code platform-public.pem}: X.509 SubjectPublicKeyInfo, verifies the answers</li>
 *   <li>{@code merchant-public.pem}: the merchant key's public half (what a wallet would be given)</li>
 *   <li>{@code backoffice.yaml}: a back-office configuration in the daemon's format, one WeChat Pay and
 *       one Alipay entry and a generic one per merchant, pointing at this server and these files</li>
 * </ul>
 */
public record BackOfficeKeys(KeyPair merchant, KeyPair platform, String merchantSerial, String platformSerial) {

  public static BackOfficeKeys generate() {
    return new BackOfficeKeys(Rsa.generate(), Rsa.generate(), "5157F09EFDC096DE15EBE81A47057A72", "PUB_KEY_ID_0119000000012026120100000001");
  }

  /**
   * Writes the key files and {@code backoffice.yaml} (see the class comment) into {@code dir}, created if need be.
   *
   * @param baseUrl the simulated back office, e.g. {@code http://127.0.0.1:18080}
   * @param method  which back-office type the merchants are routed to in the YAML: wechatpay, alipay or http
   */
  public void writeTo(Path dir, BackOfficeIds ids, String baseUrl, String method) {
    try {
      Files.createDirectories(dir);
      Path merchantKey = dir.resolve("merchant-private.pem");
      writePrivate(merchantKey, Rsa.privatePem(merchant.getPrivate()));
      Files.writeString(dir.resolve("merchant-public.pem"), Rsa.publicPem(merchant.getPublic()), StandardCharsets.US_ASCII);
      Path platformKey = dir.resolve("platform-public.pem");
      Files.writeString(platformKey, Rsa.publicPem(platform.getPublic()), StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve("backoffice.yaml"), yaml(ids, baseUrl, merchantKey.toAbsolutePath(), platformKey.toAbsolutePath(),
          method), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the back-office keys to " + dir, e);
    }
  }

  String yaml(BackOfficeIds ids, String baseUrl, Path merchantKey, Path platformKey, String method) {
    StringBuilder b = new StringBuilder();
    b.append("# Written by 'tillwatch simulate --backoffice-keys': the simulated back office at ").append(baseUrl).append('\n');
    b.append("backOffices:\n");
    for (String m : ids.merchants()) {
      String n = m.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      b.append("  - name: wechat-").append(n).append('\n')
          .append("    type: wechatpay\n")
          .append("    baseUrl: ").append(baseUrl).append('\n')
          .append("    mchid: \"").append(ids.mchid(m)).append("\"\n")
          .append("    merchantSerialNo: \"").append(merchantSerial).append("\"\n")
          .append("    merchantPrivateKeyFile: ").append(merchantKey).append('\n')
          .append("    platformPublicKeyFile: ").append(platformKey).append('\n')
          .append("    platformSerialNo: \"").append(platformSerial).append("\"\n");
      b.append("  - name: alipay-").append(n).append('\n')
          .append("    type: alipay\n")
          .append("    gatewayUrl: ").append(baseUrl).append("/gateway.do\n")
          .append("    appId: \"").append(ids.alipayAppId(m)).append("\"\n")
          .append("    appPrivateKeyFile: ").append(merchantKey).append('\n')
          .append("    alipayPublicKeyFile: ").append(platformKey).append('\n');
      b.append("  - name: acquirer-").append(n).append('\n')
          .append("    type: http\n")
          .append("    url: \"").append(baseUrl)
          .append("/generic/sales?merchant={merchant}&terminal={terminal}&txn={txn}&ref={ref}&rrn={rrn}\"\n")
          .append("    statusPointer: /sale/status\n")
          .append("    referencePointer: /sale/id\n")
          .append("    statuses: {APPROVED: CHARGED, DECLINED: NOT_CHARGED, REVERSED: REVERSED_OR_REFUNDED, PROCESSING: PENDING}\n")
          .append("    notFound: NOT_CHARGED\n");
    }
    b.append("routes:\n");
    for (String m : ids.merchants()) {
      String n = m.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      if (method.equals("mixed")) {
        // As a shop has it: QR codes through WeChat Pay, wallets through Alipay, cards through the acquirer.
        route(b, m, "QR", "wechat-" + n);
        route(b, m, "WALLET", "alipay-" + n);
        route(b, m, null, "acquirer-" + n);
      } else {
        route(b, m, null, switch (method) {
          case "alipay" -> "alipay-";
          case "http" -> "acquirer-";
          default -> "wechat-";
        } + n);
      }
    }
    return b.toString();
  }

  private static void route(StringBuilder b, String merchant, String method, String backOffice) {
    b.append("  - {merchant: ").append(merchant);
    if (method != null) {
      b.append(", method: ").append(method);
    }
    b.append(", backOffice: ").append(backOffice).append("}\n");
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }
}
