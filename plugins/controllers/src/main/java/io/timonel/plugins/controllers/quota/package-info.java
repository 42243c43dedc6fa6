/**
 * ResourceQuota status: {@link io.timonel.plugins.controllers.quota.ResourceQuotaLoop} recounts
 * {@code status.used}; {@code Usage}, {@code Scopes} and {@code Quantities} say what each object
 * charges and how sums are written.
 */
package io.timonel.plugins.controllers.quota;
