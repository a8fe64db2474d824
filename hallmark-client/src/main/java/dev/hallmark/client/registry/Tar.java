package dev.hallmark.client.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The subset of tar that image archives use: regular files and directories, ustar, GNU long names and pax paths. */
final class Tar {
  private static final int BLOCK = 512;

  private Tar() {}

  /** Every regular file of a tar stream by its normalised path (no leading {@code ./}). */
  static Map<String, byte[]> read(InputStream in, long maxTotal) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String longName = null;
    long total = 0;
    byte[] header = new byte[BLOCK];
    while (true) {
      if (in.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
        return files;
      }
      String name = string(header, 0, 100);
      String prefix = string(header, 345, 155);
      if (!prefix.isEmpty() && header[257] == 'u') {
        name = prefix + "/" + name;
      }
      long size = octal(header, 124, 12);
      total += size;
      if (size < 0 || total > maxTotal) {
        throw new IOException("archive larger than " + maxTotal + " bytes");
      }
      byte[] data = in.readNBytes((int) size);
      if (data.length < size) {
        throw new IOException("truncated tar entry " + name);
      }
      in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
      char type = (char) header[156];
      switch (type) {
        case 'L' -> longName = string(data, 0, data.length);
        case 'x' -> longName = paxPath(data);
        case '0', '\0' -> {
          files.put(normalise(longName != null ? longName : name), data);
          longName = null;
        }
        default -> longName = null;
      }
    }
  }

  /** Writes regular files as ustar entries, then the two zero blocks that end the archive. */
  static void write(Map<String, byte[]> files, OutputStream out) throws IOException {
    for (var e : files.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length > 100) {
        throw new IOException("tar entry name too long: " + e.getKey());
      }
      byte[] h = new byte[BLOCK];
      System.arraycopy(name, 0, h, 0, name.length);
      putOctal(h, 100, 8, 0644);
      putOctal(h, 108, 8, 0);
      putOctal(h, 116, 8, 0);
      putOctal(h, 124, 12, e.getValue().length);
      putOctal(h, 136, 12, 0);
      h[156] = '0';
      System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      putOctal(h, 148, 7, sum);
      out.write(h);
      out.write(e.getValue());
      out.write(new byte[(int) ((BLOCK - e.getValue().length % BLOCK) % BLOCK)]);
    }
    out.write(new byte[2 * BLOCK]);
  }

  private static String paxPath(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp > 0 && line.startsWith("path=", sp + 1)) {
        return line.substring(sp + 6);
      }
    }
    return null;
  }

  static String normalise(String name) {
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    return name;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    if ((b[off] & 0x80) != 0) {
      long v = 0;
      for (int i = off + 1; i < off + len; i++) {
        v = (v << 8) | (b[i] & 0xff);
      }
      return v;
    }
    String s = string(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static void putOctal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
    byte[] a = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(a, 0, h, off, a.length);
  }
}
