package io.tillwatch.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides CONNECTs on the embedded endpoint: username = client id = a provisioned, unrevoked
 * credential whose secret matches.
 *
 * <p>Design notes. The slow hash is what makes a stolen database useless, and also what makes a
 * reconnect storm (a store's network coming back: thousands of terminals at once) expensive, so a
 * successful verification is remembered for {@code cacheTtl} under (username, SHA-256 of the
 * secret): a reconnect with the same secret costs one map lookup. Revocation and rotation
 * therefore reach a connection attempt within {@code cacheTtl} at worst. Repeated failures are
 * throttled: after {@code maxFailures} within {@code failureWindow} for one client id, or
 * {@link #PER_ADDRESS_FACTOR} times that from one address (a shop's terminals often share one
 * public address behind NAT: one misconfigured terminal must not lock out its neighbours),
 * further attempts are refused without hashing, so guessing is slow and cannot burn the CPU. An
 * unknown username costs the same hash as a known one, so timing does not reveal which terminals
 * exist. Blocking: call it off the event loop. Thread-safe.
 *
 * <p>A client certificate (checked against the CA bundle during the TLS handshake) is decided by
 * {@link #checkCertificate}: the terminal it names must be the client id and provisioned and not
 * revoked; no secret is asked for. Those checks cost no hashing and a certificate cannot be
 * guessed, so they are neither cached (revocation takes effect at the next connection) nor
 * throttled (password guessing against a client id must not lock out its certificate).
 */
public final class Authenticator {
  /** An address may fail this many times more often than one client id before it is throttled. */
  public static final int PER_ADDRESS_FACTOR = 20;

  private final CredentialStore store;
  private final int maxFailures;
  private final String dummyHash;
  private final Cache<String, Credential> verified;
  private final Cache<String, AtomicInteger> failures;

  public Authenticator(CredentialStore store, SecretHasher hasher, Duration cacheTtl, int maxFailures, Duration failureWindow,
      Ticker ticker) {
    this.store = store;
    this.maxFailures = maxFailures;
    this.dummyHash = hasher.hash(SecretHasher.newSecret());
    this.verified = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(1_000_000).ticker(ticker).build();
    this.failures = Caffeine.newBuilder().expireAfterWrite(failureWindow).maximumSize(1_000_000).ticker(ticker).build();
  }

  public ConnectDecision check(String clientId, String username, String secret, String remoteHost) {
    String byHost = "host:" + remoteHost;
    String byClient = "client:" + clientId;
    if (failuresOf(byClient) >= maxFailures || failuresOf(byHost) >= maxFailures * PER_ADDRESS_FACTOR) {
      return ConnectDecision.refuse(ConnectDecision.Refusal.THROTTLED);
    }
    if (username == null || secret == null || !username.equals(clientId)) {
      failed(byHost, byClient);
      return ConnectDecision.refuse(ConnectDecision.Refusal.CLIENT_ID_MISMATCH);
    }
    String cacheKey = username + ':' + sha256(secret);
    Credential cached = verified.getIfPresent(cacheKey);
    if (cached != null) {
      return ConnectDecision.accept(cached);
    }
    Optional<Credential> found = store.find(username);
    if (found.isEmpty()) {
      SecretHasher.verify(secret, dummyHash); // same cost as a real check: no user enumeration by timing
      failed(byHost, byClient);
      return ConnectDecision.refuse(ConnectDecision.Refusal.BAD_CREDENTIALS);
    }
    Credential c = found.get();
    if (c.revoked()) {
      failed(byHost, byClient);
      return ConnectDecision.refuse(ConnectDecision.Refusal.REVOKED);
    }
    if (!SecretHasher.verify(secret, c.hasSecret() ? c.secretHash() : dummyHash) || !c.hasSecret()) {
      failed(byHost, byClient);
      return ConnectDecision.refuse(ConnectDecision.Refusal.BAD_CREDENTIALS);
    }
    verified.put(cacheKey, c);
    return ConnectDecision.accept(c);
  }

  /** Forgets every verified secret of {@code username}: the next CONNECT is checked against the store. */
  public void forget(String username) {
    String prefix = username + ':';
    verified.asMap().keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** A connection that presented a client certificate the handshake verified. */
  public ConnectDecision checkCertificate(String clientId, X509Certificate cert) {
    Optional<String> named = CertificateIdentity.terminalId(cert);
    if (named.isEmpty() || !named.get().equals(clientId)) {
      return ConnectDecision.refuse(ConnectDecision.Refusal.CERTIFICATE_MISMATCH);
    }
    Optional<Credential> found = store.find(clientId);
    if (found.isEmpty()) {
      return ConnectDecision.refuse(ConnectDecision.Refusal.BAD_CREDENTIALS);
    }
    return found.get().revoked() ? ConnectDecision.refuse(ConnectDecision.Refusal.REVOKED) : ConnectDecision.accept(found.get());
  }

  private int failuresOf(String key) {
    AtomicInteger n = failures.getIfPresent(key);
    return n == null ? 0 : n.get();
  }

  private void failed(String... keys) {
    for (String k : keys) {
      failures.get(k, x -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
