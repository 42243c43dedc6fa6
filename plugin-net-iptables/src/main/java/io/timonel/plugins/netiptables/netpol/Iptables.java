package io.timonel.plugins.netiptables.netpol;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;

/**
 * The two iptables commands this component runs: reading the filter table and applying one
 * transaction to it. Implementations block until the command ends.
 */
interface Iptables {

    /** The filter table of the plugin's shared runner. */
    static Iptables of(IptablesRestore runner) {
        return new Iptables() {
            @Override
            public Outcome save() {
                IptablesRestore.Result r = runner.save("filter");
                return new Outcome(r.ok(), r.output());
            }

            @Override
            public Outcome restore(String input) {
                IptablesRestore.Result r = runner.apply(input);
                return new Outcome(r.ok(), r.output());
            }
        };
    }

    /** The filter table as {@code iptables-save -t filter} prints it. */
    Outcome save();

    /** Applies {@code input} with {@code iptables-restore --noflush}: all of it or, on failure, none. */
    Outcome restore(String input);

    /**
     * How a command ended.
     *
     * @param ok     whether it exited with status 0
     * @param output its standard output when ok, else what it said went wrong
     */
    record Outcome(boolean ok, String output) {
        static Outcome success(String output) {
            return new Outcome(true, output);
        }

        static Outcome failure(String why) {
            return new Outcome(false, why);
        }
    }
}
