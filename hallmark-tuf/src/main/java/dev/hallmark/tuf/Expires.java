package dev.hallmark.tuf;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code expires} time of a metadata file, keeping the UTC offset it was written with.
 *
 * <p>Go writes {@code time.Time} as RFC 3339 with nanoseconds, trailing zeros of the fraction
 * trimmed, {@code Z} for offset zero and {@code ±hh:mm} otherwise; notary clients write their local
 * offset. {@link #toString()} reproduces that form exactly, so parsed files re-encode to the same
 * bytes.
 */
public record Expires(OffsetDateTime value) implements Comparable<Expires> {
  private static final Pattern RFC3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|([+-])(\\d{2}):(\\d{2}))");

  public Expires {
    Objects.requireNonNull(value);
    if (value.getYear() < 0 || value.getYear() > 9999) {
      throw new IllegalArgumentException("expiry year out of range");
    }
  }

  /** An expiry in UTC. */
  public static Expires at(Instant instant) {
    return new Expires(instant.atOffset(ZoneOffset.UTC));
  }

  /**
   * Parses RFC 3339 as Go does.
   *
   * @throws TufException when the text is not an RFC 3339 time
   */
  public static Expires parse(String text) {
    Matcher m = RFC3339.matcher(text);
    if (!m.matches()) {
      throw new TufException(TufException.Kind.MALFORMED, "expires is not an RFC 3339 time: " + text);
    }
    try {
      int nanos = 0;
      if (m.group(7) != null) {
        String f = (m.group(7) + "000000000").substring(0, 9);
        nanos = Integer.parseInt(f);
      }
      ZoneOffset offset = ZoneOffset.UTC;
      if (m.group(9) != null) {
        int h = Integer.parseInt(m.group(10));
        int min = Integer.parseInt(m.group(11));
        if (h > 23 || min > 59) {
          throw new DateTimeException("offset out of range");
        }
        int secs = h * 3600 + min * 60;
        offset = ZoneOffset.ofTotalSeconds(m.group(9).equals("-") ? -secs : secs);
      }
      return new Expires(OffsetDateTime.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
          nanos, offset));
    } catch (DateTimeException | IllegalArgumentException e) {
      throw new TufException(TufException.Kind.MALFORMED, "expires is not a valid time: " + text, e);
    }
  }

  /**
   * The time as notary prints an expiry in its errors: Go's {@code Mon Jan 2 15:04:05 MST 2006}
   * layout, {@code UTC} for offset zero and {@code +hhmm} otherwise (reference tuf/signed/verify.go).
   */
  public String goDisplay() {
    int offset = value.getOffset().getTotalSeconds();
    String zone = offset == 0 ? "UTC"
        : String.format(java.util.Locale.ROOT, "%s%02d%02d", offset < 0 ? "-" : "+", Math.abs(offset) / 3600,
            Math.abs(offset) / 60 % 60);
    return java.time.format.DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss", java.util.Locale.ROOT).format(value)
        + " " + zone + " " + value.getYear();
  }

  public Instant instant() {
    return value.toInstant();
  }

  /** Whether this time lies before {@code now} (notary: {@code expires.Before(now)}). */
  public boolean isBefore(Instant now) {
    return value.toInstant().isBefore(now);
  }

  @Override
  public int compareTo(Expires o) {
    return value.toInstant().compareTo(o.value.toInstant());
  }

  /** Go's RFC 3339 with nanoseconds form. */
  @Override
  public String toString() {
    var sb = new StringBuilder(35);
    pad(sb, value.getYear(), 4).append('-');
    pad(sb, value.getMonthValue(), 2).append('-');
    pad(sb, value.getDayOfMonth(), 2).append('T');
    pad(sb, value.getHour(), 2).append(':');
    pad(sb, value.getMinute(), 2).append(':');
    pad(sb, value.getSecond(), 2);
    int nanos = value.getNano();
    if (nanos != 0) {
      String f = String.format("%09d", nanos);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(f, 0, end);
    }
    int off = value.getOffset().getTotalSeconds();
    if (off == 0) {
      sb.append('Z');
    } else {
      sb.append(off < 0 ? '-' : '+');
      int abs = Math.abs(off);
      pad(sb, abs / 3600, 2).append(':');
      pad(sb, (abs / 60) % 60, 2);
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
