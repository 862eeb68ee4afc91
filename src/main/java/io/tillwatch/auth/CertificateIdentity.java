package io.tillwatch.auth;

import io.tillwatch.telemetry.Ids;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The terminal id a client certificate names. A URI subject alternative name
 * {@code urn:tillwatch:terminal:<id>} wins; without one, the subject's common name (CN) is the id.
 *
 * <p>Why this order: the SAN is the standard place for identities (RFC 6125 deprecates the CN for
 * them) and the URN cannot be confused with anything else a device certificate carries (DNS names,
 * serial numbers), while the CN fallback is what most terminal PKIs issue today. DNS SANs are
 * ignored: they name hosts, and a terminal id need not be a host name. A certificate naming two
 * different terminals, or an id that is not a valid terminal id, names none.
 */
public final class CertificateIdentity {
  public static final String URN_PREFIX = "urn:tillwatch:terminal:";
  private static final int URI_NAME = 6;

  private CertificateIdentity() {}

  public static Optional<String> terminalId(X509Certificate cert) {
    List<String> fromSan = sanIds(cert);
    if (fromSan.size() > 1 && fromSan.stream().distinct().count() > 1) {
      return Optional.empty();
    }
    String id = fromSan.isEmpty() ? commonName(cert) : fromSan.get(0);
    return id != null && Ids.isValid(id) ? Optional.of(id) : Optional.empty();
  }

  private static List<String> sanIds(X509Certificate cert) {
    List<String> ids = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (((Integer) san.get(0)) == URI_NAME && san.get(1) instanceof String uri && uri.startsWith(URN_PREFIX)) {
            ids.add(uri.substring(URN_PREFIX.length()));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of("", "?"); // unreadable extension: ambiguous, so no identity
    }
    return ids;
  }

  /** The single CN of the subject; null when there is none or more than one. */
  private static String commonName(X509Certificate cert) {
    try {
      List<String> cns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
          .filter(r -> r.getType().equalsIgnoreCase("CN")).map(Rdn::getValue).map(String::valueOf).toList();
      return cns.size() == 1 ? cns.get(0) : null;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
