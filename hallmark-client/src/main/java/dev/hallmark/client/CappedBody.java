package dev.hallmark.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected in memory up to a limit. A strict body fails with
 * {@link TrustFailure.TooLarge} and cancels the download as soon as the limit is passed (or the
 * declared {@code Content-Length} is above it); a truncating body keeps the first bytes and drops the
 * connection after them (for error bodies nobody needs in full).
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long limit;
  private final String resource;
  private final boolean strict;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private CappedBody(long limit, String resource, boolean strict) {
    this.limit = limit;
    this.resource = resource;
    this.strict = strict;
  }

  static HttpResponse.BodySubscriber<byte[]> strict(HttpResponse.ResponseInfo info, String resource, long limit) {
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    CappedBody body = new CappedBody(limit, resource, true);
    if (declared > limit) {
      // reference storage/httpstore.go GetSized: a declared length above the cap is a bad response
      body.result.completeExceptionally(body.tooLarge());
    }
    return body;
  }

  static HttpResponse.BodySubscriber<byte[]> truncating(long limit) {
    return new CappedBody(limit, "error body", false);
  }

  private TrustException tooLarge() {
    return new TrustException(new TrustFailure.TooLarge(resource, limit),
        "trust server returned a bad response.: " + resource + " is larger than " + limit + " bytes");
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if (buffer.size() + (long) n > limit) {
        subscription.cancel();
        if (strict) {
          result.completeExceptionally(tooLarge());
        } else {
          byte[] part = new byte[(int) (limit - buffer.size())];
          b.get(part);
          buffer.writeBytes(part);
          result.complete(buffer.toByteArray());
        }
        return;
      }
      byte[] chunk = new byte[n];
      b.get(chunk);
      buffer.writeBytes(chunk);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}
