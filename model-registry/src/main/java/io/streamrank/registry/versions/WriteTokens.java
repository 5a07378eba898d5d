package io.streamrank.registry.versions;

import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.contract.auth.TokenFileWatch;
import io.streamrank.contract.auth.TokenFileWatch.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The write tokens in force, read by the API on every request, and for {@code --token-file} the daemon thread that
 * re-reads the file (ADR 85), so that a token is rotated by editing the Secret rather than by restarting the registry:
 * add the new token as a second line, move the writers to it, remove the old line. The kubelet replaces a mounted
 * Secret's files by swapping a symbolic link, so a read sees the old text or the new, never half of it. A file that
 * changed but breaks the rules, or cannot be read, leaves the tokens in force as they were (never none: writes never
 * open up), reported once per change or failure and counted. What the file holds now is the contract's
 * {@link TokenFileWatch} (read only when it changed, its bytes zeroed); this class swaps, prints and counts.
 */
final class WriteTokens implements Supplier<BearerTokens>, AutoCloseable {

    /** The poller's name, as a thread dump shows it. */
    static final String THREAD_NAME = "registry-token-reload";

    private final Path file;
    private final TokenFileWatch watch;
    private final Duration period;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile BearerTokens current;
    private volatile boolean closed;
    private volatile Thread poller;

    private WriteTokens(BearerTokens initial, Path file, TokenFileWatch watch, Duration period, PrintStream out,
                        PrintStream err) {
        this.current = initial;
        this.file = file;
        this.watch = watch;
        this.period = period;
        this.out = out;
        this.err = err;
    }

    /** Tokens that never change: from the environment, or none. */
    static WriteTokens fixed(BearerTokens token) {
        return new WriteTokens(token, null, null, Duration.ZERO, null, null);
    }

    /**
     * The tokens in {@code file}, read now; {@link #start()} re-reads it every {@code period} ({@link Duration#ZERO}:
     * never). Reloads are reported on {@code out}, refused changes on {@code err}.
     *
     * @throws IllegalArgumentException when the file breaks the rules of {@link BearerTokens}, naming the file
     */
    static WriteTokens fromFile(Path file, Duration period, PrintStream out, PrintStream err) throws IOException {
        TokenFileWatch watch = new TokenFileWatch(file, ServeCommand.WHAT);
        try {
            return new WriteTokens(watch.read(), file, watch, period, out, err);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in --token-file " + file + ")", e);
        }
    }

    /** The tokens in force now. */
    @Override
    public BearerTokens get() {
        return current;
    }

    /** The file re-read, or null. */
    Path file() {
        return file;
    }

    /** How often the file is re-read ({@link Duration#ZERO}: never). */
    Duration period() {
        return period;
    }

    /** Changes of the file applied so far. */
    long applied() {
        return applied.get();
    }

    /** Changes of the file (or failures to read it) refused so far, each counted once. */
    long refused() {
        return refused.get();
    }

    /** Whether the file has changed into something refused and the tokens before are still in force. */
    boolean fileRefused() {
        return watch != null && watch.refusing();
    }

    /** Starts the poller, when there is a file and a period; called once, by the server that owns these tokens. */
    synchronized void start() {
        if (file == null || period.isZero() || poller != null || closed) {
            return;
        }
        poller = new Thread(this::follow, THREAD_NAME);
        poller.setDaemon(true); // never what keeps the JVM alive
        poller.start();
    }

    /** Whether the poller runs (for the tests: closing the server must stop it). */
    synchronized boolean polling() {
        return poller != null && poller.isAlive();
    }

    private void follow() {
        long millis = Math.max(1, period.toMillis());
        while (!closed) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return; // closed
            }
            try {
                poll();
            } catch (RuntimeException e) {
                // Not a refused file but a bug: reported, and the file still followed.
                if (!closed) {
                    err.println("error: re-reading the registry token file " + file + " failed (" + e
                            + "); the tokens in force stay");
                }
            }
        }
    }

    /** One look at the file: the tokens replaced when its bytes changed into valid ones. */
    synchronized Outcome poll() {
        if (closed) {
            return Outcome.UNCHANGED;
        }
        TokenFileWatch.Look look = watch.look();
        if (closed) {
            return Outcome.UNCHANGED; // a read interrupted by close, not a broken file
        }
        switch (look.outcome()) {
            case APPLIED -> {
                current = look.tokens();
                applied.incrementAndGet();
                out.println("registry write tokens reloaded from " + file + ": " + tokens(look.tokens().count()));
            }
            case REFUSED -> {
                refused.incrementAndGet();
                err.println("error: registry token file " + file + " changed but was not applied (" + look.why()
                        + "); the " + tokens(current.count()) + " in force stay");
            }
            default -> { }
        }
        return look.outcome();
    }

    static String tokens(int n) {
        return n + (n == 1 ? " token" : " tokens");
    }

    /** Stops the poller and waits for it: no look at the file after the server closed. */
    @Override
    public void close() {
        // Not under the lock: a look blocked in a read (a hung network file system) holds it, and the interrupt is
        // what ends that read.
        closed = true;
        Thread t = poller;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
