package io.tillwatch.ingest;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttClientOptions;

/**
 * The client certificate TillWatch presents to an external broker that requires mutual TLS (PEM
 * chain and key files). Vert.x may keep the loaded certificate for the life of the process, so a
 * rotated one is taken by a restart (broker mode loses nothing by it: the broker redelivers).
 */
public record BrokerClientCertificate(String certFile, String keyFile) {
  public static final BrokerClientCertificate NONE = new BrokerClientCertificate("", "");

  void applyTo(MqttClientOptions o) {
    if (!certFile.isEmpty()) {
      o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile));
    }
  }
}
