package io.streamrank.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a command-line entry point prints to standard output (its usage text), for the argument tests. */
public final class StdOut {

    /** The code under test; a main method may throw anything. */
    public interface Action {
        void run() throws Exception;
    }

    private StdOut() {
    }

    public static String of(Action action) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
