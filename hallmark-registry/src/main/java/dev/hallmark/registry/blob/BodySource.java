package dev.hallmark.registry.blob;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A request body read piece by piece, without buffering it whole; the HTTP layer adapts its
 * server's body to this.
 */
@FunctionalInterface
public interface BodySource {
  /** Receives one piece; the buffer is valid only during the call. */
  @FunctionalInterface
  interface Sink {
    void accept(ByteBuffer piece) throws IOException;
  }

  /** Feeds every piece of the body to {@code sink}, in order, until the end. */
  void drainTo(Sink sink) throws IOException;

  /** No body. */
  BodySource EMPTY = sink -> {};

  /** A body held in memory (tests, small content). */
  static BodySource of(byte[] bytes) {
    return sink -> sink.accept(ByteBuffer.wrap(bytes));
  }
}
