package io.streamrank.pipeline.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' command line: {@code --name value} pairs over their defaults, and {@code --help}. */
final class BenchArgs {

    private BenchArgs() {
    }

    /**
     * The options given over {@code defaults}; null after printing {@code usage} for {@code --help}. An unknown option
     * or one without a value ends the JVM with exit 2, naming it.
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> o = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.print(usage);
                return null;
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!o.containsKey(name) || i + 1 >= args.length) {
                System.err.println("error: " + (o.containsKey(name) ? args[i] + " needs a value"
                        : "unknown option " + args[i]) + " (--help lists the options)");
                System.exit(2);
            }
            o.put(name, args[++i]);
        }
        return o;
    }
}
