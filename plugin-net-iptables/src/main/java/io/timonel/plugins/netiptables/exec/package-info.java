/** Running the host's network tools (iptables, ip, CNI plugins) as processes: one runner for the whole plugin. */
package io.timonel.plugins.netiptables.exec;
