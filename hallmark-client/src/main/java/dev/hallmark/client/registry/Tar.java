package dev.hallmark.client.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** The subset of tar that image archives use: regular files and directories, ustar, GNU long names and pax paths. */
final class Tar {
  private static final int BLOCK = 512;
  private static final long MAX_NAME_RECORD = 1 << 20;

  private Tar() {}

  /** Where a regular file's bytes lie in a tar file. */
  record Entry(long offset, long size) {}

  /** Every regular file of a tar file by its normalised path (no leading {@code ./}); reads headers only. */
  static Map<String, Entry> index(Path tar) throws IOException {
    Map<String, Entry> files = new LinkedHashMap<>();
    String longName = null;
    byte[] header = new byte[BLOCK];
    try (FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ)) {
      long pos = 0;
      long length = ch.size();
      while (true) {
        if (read(ch, pos, header) < BLOCK || isZero(header)) {
          return files;
        }
        String name = string(header, 0, 100);
        String prefix = string(header, 345, 155);
        if (!prefix.isEmpty() && header[257] == 'u') {
          name = prefix + "/" + name;
        }
        long size = octal(header, 124, 12);
        long data = pos + BLOCK;
        if (size < 0 || data + size > length) {
          throw new IOException("truncated tar entry " + name);
        }
        char type = (char) header[156];
        switch (type) {
          case 'L', 'x' -> {
            if (size > MAX_NAME_RECORD) {
              throw new IOException("tar name record of " + size + " bytes");
            }
            byte[] record = new byte[(int) size];
            read(ch, data, record);
            longName = type == 'L' ? string(record, 0, record.length) : paxPath(record);
          }
          case '0', '\0' -> {
            files.put(normalise(longName != null ? longName : name), new Entry(data, size));
            longName = null;
          }
          default -> longName = null;
        }
        pos = data + size + (BLOCK - size % BLOCK) % BLOCK;
      }
    }
  }

  private static int read(FileChannel ch, long pos, byte[] into) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(into);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        break;
      }
    }
    return b.position();
  }

  /** The bytes of one entry, read when opened. */
  static InputStream open(Path tar, Entry e) throws IOException {
    FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ);
    ch.position(e.offset());
    return new MeteredInputStream(Channels.newInputStream(ch), e.size(), n -> { });
  }

  /** Writes one regular file as a ustar entry, its bytes copied from {@code content}. */
  static void writeEntry(OutputStream out, String path, long size, InputStream content) throws IOException {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    if (name.length > 100) {
      throw new IOException("tar entry name too long: " + path);
    }
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, name.length);
    putOctal(h, 100, 8, 0644);
    putOctal(h, 108, 8, 0);
    putOctal(h, 116, 8, 0);
    putOctal(h, 124, 12, size);
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
    long copied = content.transferTo(out);
    if (copied != size) {
      throw new IOException("tar entry " + path + ": " + copied + " bytes, expected " + size);
    }
    out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
  }

  /** Writes the two zero blocks that end an archive. */
  static void end(OutputStream out) throws IOException {
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
