package io.streamrank.registry.evaluation;

import io.streamrank.registry.cli.Failures;
import io.streamrank.registry.data.EventLog;
import java.io.PrintStream;
import java.util.Locale;

/** Command-line entry point of the offline evaluation; see {@link EvaluationOptions#USAGE}. */
public final class EvaluateCommand {

    private EvaluateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the evaluation; returns the exit code (0 ok, 1 failed, 2 bad command line). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        EvaluationOptions options;
        try {
            options = EvaluationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(EvaluationOptions.USAGE);
            return 2;
        }
        if (options == null) {
            out.print(EvaluationOptions.USAGE);
            return 0;
        }
        long start = System.nanoTime();
        try {
            EventLog log = EventLog.read(options.events(), err::println);
            EvaluationResult result = new Evaluation(options, err::println).run(log.events());
            out.print(result.markdown());
            if (options.json() != null) {
                result.writeJson(options.json());
                err.println("wrote " + options.json());
            }
        } catch (Exception e) {
            Failures.report("evaluation failed", e, err);
            return 1;
        }
        err.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
