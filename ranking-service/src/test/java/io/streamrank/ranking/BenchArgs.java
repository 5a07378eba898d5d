package io.streamrank.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the service's micro-benchmarks in these tests share: their {@code --name value} options and medians. */
public final class BenchArgs {

    private BenchArgs() {
    }

    /**
     * The options given over their defaults, or {@code null} after printing {@code help} for {@code --help}.
     *
     * @throws IllegalArgumentException for an option not among the defaults, or one without a value
     */
    public static Map<String, String> parse(String[] args, Map<String, String> defaults, String help) {
        Map<String, String> o = new LinkedHashMap<>(defaults);
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(help);
                return null;
            }
            if (!a.startsWith("--") || !o.containsKey(a.substring(2)) || rest.isEmpty()) {
                throw new IllegalArgumentException("unknown option or missing value: " + a + " (--help lists them)");
            }
            o.put(a.substring(2), rest.remove(0));
        }
        return o;
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
