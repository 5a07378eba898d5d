package io.streamrank.registry.cli;

import java.nio.file.Path;

/**
 * Where a command's own default paths lie. The bin/ scripts run it from the caller's directory (so that the caller's
 * relative paths mean what they say) and name the checkout with {@code -Dstreamrank.home}: a default such as the
 * {@code models} store stays in the checkout, as when the scripts ran from there. Without it, the working directory.
 */
public final class Home {

    public static final String PROPERTY = "streamrank.home";

    private Home() {
    }

    /** {@code relative} under the checkout when a script named it, else as given. */
    public static String resolve(String relative) {
        String home = System.getProperty(PROPERTY, "");
        return home.isEmpty() ? relative : Path.of(home).resolve(relative).toString();
    }
}
