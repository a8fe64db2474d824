package dev.hallmark.cli.policy;

import dev.hallmark.policy.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every policy decision counted in {@code /metrics} as
 * {@code hallmark_policy_decisions_total{point,result,reason}} and logged as one line on the
 * {@code hallmark.policy} logger.
 */
final class RecordedDecisions {
  private static final Logger LOG = LoggerFactory.getLogger("hallmark.policy");

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  RecordedDecisions(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @param point where the decision was asked for: {@code admission}, {@code pull}, {@code context} */
  Decision record(String point, Decision d) {
    String result = d.allowed() ? "allowed" : "denied";
    counters.computeIfAbsent(point + "|" + d.reason().label(), k -> Counter.builder("hallmark.policy.decisions")
        .description("Policy decisions by enforcement point, result and reason")
        .tag("point", point).tag("result", result).tag("reason", d.reason().label())
        .register(registry)).increment();
    if (d.allowed()) {
      LOG.info("point={} result={} reason={} digest={} {} [trust data: {}]", point, result, d.reason().label(),
          d.digest().map(Object::toString).orElse("-"), d.message(), d.trustData().isEmpty() ? "-" : d.trustData());
    } else {
      LOG.warn("point={} result={} reason={} digest={} {} [trust data: {}]", point, result, d.reason().label(),
          d.digest().map(Object::toString).orElse("-"), d.message(), d.trustData().isEmpty() ? "-" : d.trustData());
    }
    return d;
  }
}
