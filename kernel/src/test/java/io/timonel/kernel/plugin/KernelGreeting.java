package io.timonel.kernel.plugin;

import org.pf4j.Extension;

/** A built-in extension on the kernel's class path (indexed by PF4J's annotation processor). */
@Extension
public class KernelGreeting implements Greeting {

    @Override
    public String greet() {
        return "hello from the kernel";
    }
}
