package io.streamrank.registry.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options, with unknown names refused once every known one was read, and
 * positional arguments refused unless the command asked for them.
 */
public final class Args {

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> read = new HashSet<>();
    private final boolean help;
    private boolean positionalRead;

    public Args(String[] argv) {
        boolean h = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--help") || a.equals("-h")) {
                h = true;
            } else if (a.startsWith("--")) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                values.computeIfAbsent(a, k -> new ArrayList<>()).add(argv[++i]);
            } else {
                positional.add(a);
            }
        }
        this.help = h;
    }

    public boolean help() {
        return help;
    }

    /** The positional arguments; a command that reads them checks their number itself. */
    public List<String> positional() {
        positionalRead = true;
        return positional;
    }

    public List<String> all(String name) {
        read.add(name);
        return values.getOrDefault(name, List.of());
    }

    public String one(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }

    public String oneOr(String name, String fallback) {
        String v = one(name);
        return v == null ? fallback : v;
    }

    public int intOr(String name, int fallback) {
        String v = one(name);
        return v == null ? fallback : toInt(name, parseLong(name, v));
    }

    /** Only {@code true} or {@code false} (any case): a misspelt {@code ture} must not quietly mean false. */
    public boolean booleanOr(String name, boolean fallback) {
        String v = one(name);
        return v == null ? fallback : parseBoolean(name, v);
    }

    public long longOr(String name, long fallback) {
        String v = one(name);
        return v == null ? fallback : parseLong(name, v);
    }

    public float floatOr(String name, float fallback) {
        return (float) doubleOr(name, fallback);
    }

    public double doubleOr(String name, double fallback) {
        String v = one(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a number, got " + v);
        }
    }

    /**
     * @throws IllegalArgumentException naming the first option no caller asked for, or the first positional argument
     *                                  of a command that takes none (a second file after {@code --events a.csv} would
     *                                  otherwise be dropped without a word)
     */
    public void finish() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (!positionalRead && !positional.isEmpty()) {
            throw unexpected(positional.get(0));
        }
    }

    /**
     * The error for an argument where an option was expected, in the same words for every command: most often a
     * second value after an option ({@code --events a.csv b.csv}).
     */
    public static IllegalArgumentException unexpected(String argument) {
        return new IllegalArgumentException("unexpected argument " + argument + ": each option takes one value; "
                + "repeat the option for more (e.g. --events a.csv --events b.csv)");
    }

    /** @throws IllegalArgumentException naming the option, when {@code value} does not fit an int */
    public static int toInt(String name, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            // A plain cast would wrap: --epochs 4294967297 ran one epoch.
            throw new IllegalArgumentException(name + " is out of range: " + value + " (want " + Integer.MIN_VALUE
                    + " to " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /** @throws IllegalArgumentException naming the option, unless {@code value} is true or false in any case */
    public static boolean parseBoolean(String name, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(name + " wants true or false, got " + value);
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants an integer, got " + v);
        }
    }
}
