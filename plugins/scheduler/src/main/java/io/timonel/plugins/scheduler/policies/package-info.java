/** The built-in scheduling policies, one per class, each named as in Kubernetes' scheduler. */
package io.timonel.plugins.scheduler.policies;
