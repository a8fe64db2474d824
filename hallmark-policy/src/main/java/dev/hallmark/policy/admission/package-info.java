/**
 * The Kubernetes admission webhook of the image policy: {@code POST /policy/v1/admit} (validating) and
 * {@code POST /policy/v1/mutate} (mutating: pins tag references to the signed digest). It reads an
 * AdmissionReview ({@code admission.k8s.io/v1} or {@code v1beta1}), asks {@link
 * dev.hallmark.policy.ImagePolicy} once per distinct image of every container, init container and
 * ephemeral container of a Pod or pod template, and answers in the request's apiVersion.
 *
 * <p>The only public type is {@link dev.hallmark.policy.admission.AdmissionWebhook}, a Jetty 12 core
 * handler. Depends on {@code dev.hallmark.policy} (the {@code ImagePolicy} seam and {@code Decision}),
 * Jackson databind and Jetty; never on the evaluator behind {@code ImagePolicy}.
 */
package dev.hallmark.policy.admission;
