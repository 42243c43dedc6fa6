package io.timonel.kernel.plugin;

import org.pf4j.ExtensionPoint;

/** A test-only extension point, so that these tests neither see nor add real kernel extensions. */
public interface Greeting extends ExtensionPoint {

    String greet();
}
