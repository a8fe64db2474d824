package dev.hallmark.client.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** At most {@code limit} bytes of a stream, reporting the running total read after each read. */
final class MeteredInputStream extends FilterInputStream {
  private final long limit;
  private final LongConsumer report;
  private long count;

  MeteredInputStream(InputStream in, long limit, LongConsumer report) {
    super(in);
    this.limit = limit;
    this.report = report;
  }

  @Override
  public int read() throws IOException {
    if (count >= limit) {
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      report.accept(++count);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (count >= limit) {
      return -1;
    }
    int n = super.read(b, off, (int) Math.min(len, limit - count));
    if (n > 0) {
      count += n;
      report.accept(count);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, limit - count));
    count += skipped;
    return skipped;
  }
}
