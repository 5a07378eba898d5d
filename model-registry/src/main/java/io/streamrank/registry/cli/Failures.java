package io.streamrank.registry.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How a command reports a failure: the reason in words for what a user can cause and fix (a missing file, a bad
 * input, a refused operation), the exception and its stack trace only for what points to a bug.
 */
public final class Failures {

    private Failures() {
    }

    /** Prints {@code error: <what>: <reason>} to {@code err}, and the stack trace when the failure was unexpected. */
    public static void report(String what, Exception e, PrintStream err) {
        err.println("error: " + (what.isEmpty() ? "" : what + ": ") + describe(e));
        if (!expected(e)) {
            e.printStackTrace(err);
        }
    }

    /** The reason without the exception's class name, or the exception itself when it has no reason to show. */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        // A NoSuchFileException's message is only the path as given; say what it is and where it was looked for.
        if (t instanceof NoSuchFileException n && n.getFile() != null) {
            return "no such file: " + absolute(n.getFile());
        }
        if (t instanceof AccessDeniedException a && a.getFile() != null) {
            return "permission denied: " + absolute(a.getFile());
        }
        return expected(e) ? t.getMessage() : t.toString();
    }

    /** I/O failures and the argument and state checks have a message meant for the user; anything else is a bug. */
    static boolean expected(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        boolean kind = t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException;
        return kind && t.getMessage() != null && !t.getMessage().isBlank();
    }

    private static String absolute(String file) {
        try {
            return Path.of(file).toAbsolutePath().normalize().toString();
        } catch (RuntimeException notAPath) {
            return file;
        }
    }
}
