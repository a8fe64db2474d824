package dev.hallmark.policy;

/**
 * The one question every enforcement point asks (admission webhook, pull-time check, {@code hallmark
 * policy check}): may this image run?
 */
public interface ImagePolicy {
  /**
   * Decides about one image reference as a pod spec or a CLI names it, e.g.
   * {@code registry.example/dev/nginx:1} or {@code registry.example/dev/nginx@sha256:...}. Never throws
   * for bad input or unavailable data: those are denials with a reason.
   */
  Decision check(String image);
}
