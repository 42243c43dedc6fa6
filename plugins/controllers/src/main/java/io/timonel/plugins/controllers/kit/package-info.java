/**
 * The small toolkit every built-in control loop is written with: shared informers, a
 * de-duplicating work queue with back-off, reconcile workers, owner references, event recording.
 */
package io.timonel.plugins.controllers.kit;
