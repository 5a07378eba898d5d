package io.streamrank.ranking;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what background threads (model watcher, index builder, shadow scorer) do by themselves. */
public final class Conditions {

    private Conditions() {
    }

    /** Whether {@code condition} held within {@code limit}, polled every 10 ms. */
    public static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
