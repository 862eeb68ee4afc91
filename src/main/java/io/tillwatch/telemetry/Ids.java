package io.tillwatch.telemetry;

/**
 * The id rule shared by merchant, terminal, txn and client ids: 1..64 characters of [A-Za-z0-9_.-],
 * and not a card number (an id is stored, logged and shown to operators: PCI DSS forbids that for a PAN).
 */
public final class Ids {
  public static final int MAX_LENGTH = 64;

  private Ids() {}

  public static boolean isValid(CharSequence id) {
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return !CardData.containsCardNumberId(id);
  }

  static String require(String field, String id) throws RejectedMessageException {
    if (!isValid(id)) {
      if (CardData.containsCardNumberId(id)) {
        throw new RejectedMessageException(RejectReason.CARD_DATA, field + " holds what looks like a full card number");
      }
      throw new RejectedMessageException(RejectReason.BAD_ID, field + " must be 1..64 characters of [A-Za-z0-9_.-]");
    }
    return id;
  }
}
