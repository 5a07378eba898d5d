package io.streamrank.registry;

import io.streamrank.registry.cli.Failures;
import java.io.PrintStream;
import java.util.Locale;

/** Command-line entry point of the trainer; see {@link CommandLine#USAGE}. */
public final class TrainCommand {

    private TrainCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code (0 ok, 1 failed, 2 bad command line). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        TrainOptions options;
        try {
            options = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(CommandLine.USAGE);
            return 2;
        }
        if (options == null) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        long start = System.nanoTime();
        try {
            Trainer.train(options, out::println);
        } catch (Exception e) {
            Failures.report("training failed", e, err);
            return 1;
        }
        out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
