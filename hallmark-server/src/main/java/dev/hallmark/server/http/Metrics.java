package dev.hallmark.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Request metrics in Prometheus format under notary-server's names: requests, duration
 * (microseconds), request and response sizes, labelled by {@code operation}.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Operation, Meters> meters = new EnumMap<>(Operation.class);

  private record Meters(Counter requests, DistributionSummary duration, DistributionSummary requestSize,
      DistributionSummary responseSize) {}

  public Metrics() {
    for (Operation op : Operation.values()) {
      String label = op.name();
      meters.put(op, new Meters(
          Counter.builder("notary_server_http_requests").tag("operation", label)
              .description("Requests by operation").register(registry),
          DistributionSummary.builder("notary_server_http_request_duration_microseconds").tag("operation", label)
              .description("Request duration in microseconds").register(registry),
          DistributionSummary.builder("notary_server_http_request_size_bytes").tag("operation", label)
              .description("Request body size").register(registry),
          DistributionSummary.builder("notary_server_http_response_size_bytes").tag("operation", label)
              .description("Response body size").register(registry)));
    }
  }

  /** The registry, for other components' meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  void record(Operation op, long nanos, long requestBytes, long responseBytes) {
    Meters m = meters.get(op);
    m.requests.increment();
    m.duration.record(nanos / 1000.0);
    m.requestSize.record(requestBytes);
    m.responseSize.record(responseBytes);
  }

  String scrape() {
    return registry.scrape();
  }
}
