package io.tillwatch.ingest;

import io.vertx.mqtt.MqttEndpoint;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The client certificate a connection presented (already verified against the CA bundle by the handshake). */
final class PeerCertificate {
  private PeerCertificate() {}

  /** Null on plain TCP, or when the client sent none (mqtt.tls.client-auth=request). */
  static X509Certificate of(MqttEndpoint endpoint) {
    if (!endpoint.isSsl()) {
      return null;
    }
    SSLSession session = endpoint.sslSession();
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
