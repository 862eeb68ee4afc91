package io.tillwatch.reconcile;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/** Strict decoding of a bill's bytes (a byte that is not valid text refuses the file) and its lines. */
final class BillText {
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private BillText() {}

  static boolean hasUtf8Bom(byte[] content) {
    return content.length >= 3 && content[0] == UTF8_BOM[0] && content[1] == UTF8_BOM[1] && content[2] == UTF8_BOM[2];
  }

  /** The text, or null when the bytes are not valid in that charset. A UTF-8 BOM is dropped. */
  static String decode(byte[] content, Charset charset) {
    int skip = charset.name().equals("UTF-8") && hasUtf8Bom(content) ? 3 : 0;
    try {
      return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content, skip, content.length - skip)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The lines of a UTF-8 bill (BOM allowed); refuses bytes that are not UTF-8 and an empty file. */
  static List<String> utf8Lines(byte[] content, String whyUtf8) throws BillRefusedException {
    String text = decode(content, java.nio.charset.StandardCharsets.UTF_8);
    if (text == null) {
      throw new BillRefusedException("wrong encoding: expected UTF-8" + whyUtf8);
    }
    List<String> rows = lines(text);
    if (rows.isEmpty()) {
      throw new BillRefusedException("empty file");
    }
    return rows;
  }

  /** Lines without their terminators; trailing empty lines dropped, inner ones kept (they are errors). */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
