/**
 * Stand-ins for the env and volume parts of the agent, used only until their real implementations
 * (packages {@code env} and {@code volumes}) are wired in: literal values and a few field
 * references; emptyDir and hostPath volumes.
 */
package io.timonel.plugins.nodeagent.interim;
