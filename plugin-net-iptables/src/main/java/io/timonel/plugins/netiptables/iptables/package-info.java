/**
 * The one way this plugin touches the kernel's packet filter: {@link
 * io.timonel.plugins.netiptables.iptables.IptablesRestore} applies a rules text with
 * {@code iptables-restore --noflush} (one transaction) and reads a table with {@code iptables-save};
 * {@link io.timonel.plugins.netiptables.iptables.SavedTable} parses what it read. Every chain a
 * feature owns is named {@code TIMONEL-…}; Docker's and the built-in chains are only ever given
 * jumps to ours.
 */
package io.timonel.plugins.netiptables.iptables;
