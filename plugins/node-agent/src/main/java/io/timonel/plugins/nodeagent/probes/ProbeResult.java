package io.timonel.plugins.nodeagent.probes;

/** What a probe says of a container. */
public enum ProbeResult { SUCCESS, FAILURE, UNKNOWN }
