/**
 * Dynamic admission webhooks: {@code MutatingWebhookConfiguration} and
 * {@code ValidatingWebhookConfiguration} objects (admissionregistration.k8s.io/v1) name HTTPS
 * endpoints that receive an {@code AdmissionReview} (admission.k8s.io/v1) for each matching write.
 * {@link io.timonel.kernel.admission.webhook.MutatingAdmissionWebhook} and
 * {@link io.timonel.kernel.admission.webhook.ValidatingAdmissionWebhook} are the two admission
 * plugins; they read the configurations from the watch cache on every request, so a new
 * configuration applies to the next write.
 */
package io.timonel.kernel.admission.webhook;
