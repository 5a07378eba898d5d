package io.streamrank.registry.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options, with unknown names refused once every known one was read. */
public final class Args {

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> read = new HashSet<>();
    private final boolean help;

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

    public List<String> positional() {
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
        return v == null ? fallback : (int) parseLong(name, v);
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

    /** @throws IllegalArgumentException naming the first option no caller asked for */
    public void finish() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants an integer, got " + v);
        }
    }
}
