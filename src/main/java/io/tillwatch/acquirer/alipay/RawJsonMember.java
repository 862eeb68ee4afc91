package io.tillwatch.acquirer.alipay;

import java.util.Optional;

/**
 * The exact text of one member's value in a JSON object, as it stands in the body.
 *
 * <p>Design: Alipay signs the characters of {@code alipay_trade_query_response}'s value as it sent
 * them; re-serializing a parsed object changes escapes, spacing or number forms and breaks the
 * check. So the value's span is found by scanning, and the adapter then parses that same span for
 * the verdict, so what was verified is exactly what is believed. A key that appears twice is
 * refused: a parser and a verifier could otherwise pick different ones. Expects text that already
 * parsed as a JSON object.
 */
final class RawJsonMember {
  private final String text;
  private int at;

  private RawJsonMember(String text) {
    this.text = text;
  }

  /** The value's text; empty when the key is absent. Throws IllegalArgumentException if it is there twice. */
  static Optional<String> of(String jsonObject, String key) {
    return new RawJsonMember(jsonObject).find(key);
  }

  private Optional<String> find(String key) {
    String found = null;
    space();
    expect('{');
    space();
    if (peek() == '}') {
      return Optional.empty();
    }
    while (true) {
      space();
      int keyStart = at;
      string();
      String name = text.substring(keyStart + 1, at - 1);
      space();
      expect(':');
      space();
      int valueStart = at;
      value();
      if (name.equals(key)) {
        if (found != null) {
          throw new IllegalArgumentException("key " + key + " appears twice");
        }
        found = text.substring(valueStart, at);
      }
      space();
      char c = text.charAt(at++);
      if (c == '}') {
        return Optional.ofNullable(found);
      }
      if (c != ',') {
        throw new IllegalArgumentException("not a JSON object at " + (at - 1));
      }
    }
  }

  private void value() {
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      nested();
    } else {
      while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
        at++;
      }
    }
  }

  private void nested() {
    int depth = 0;
    do {
      char c = peek();
      if (c == '"') {
        string();
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      at++;
    } while (depth > 0);
  }

  private void string() {
    expect('"');
    while (true) {
      char c = text.charAt(at++);
      if (c == '\\') {
        at++;
      } else if (c == '"') {
        return;
      }
    }
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw new IllegalArgumentException("JSON ends early");
    }
    return text.charAt(at);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + at);
    }
    at++;
  }
}
