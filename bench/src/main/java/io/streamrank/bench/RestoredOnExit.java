package io.streamrank.bench;

/**
 * A DAMON setting the bench changed for one run: undone by {@link #close()}, or by a shutdown hook when the bench is
 * interrupted first, so that an interrupted bench never leaves the machine changed.
 */
abstract class RestoredOnExit implements DamonSetting {

    private final boolean changed;
    private final Thread restoreOnExit;

    /** @param changed whether anything was changed (nothing to undo otherwise) */
    RestoredOnExit(boolean changed) {
        this.changed = changed;
        this.restoreOnExit = new Thread(this::restore, "damon-restore");
        if (changed) {
            Runtime.getRuntime().addShutdownHook(restoreOnExit);
        }
    }

    /** Undoes the setting; runs a second time, harmlessly, when the bench shuts down while closing. */
    abstract void restore();

    @Override
    public final void close() {
        if (!changed) {
            return;
        }
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs restore() once more, which is harmless.
        }
    }
}
