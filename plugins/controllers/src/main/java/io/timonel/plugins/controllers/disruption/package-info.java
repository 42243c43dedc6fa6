/**
 * PodDisruptionBudget status: {@link io.timonel.plugins.controllers.disruption.DisruptionLoop}, with
 * the arithmetic in {@code BudgetStatus}.
 */
package io.timonel.plugins.controllers.disruption;
