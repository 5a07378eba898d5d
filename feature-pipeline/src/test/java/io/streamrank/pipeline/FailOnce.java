package io.streamrank.pipeline;

import io.streamrank.contract.event.ClickEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes events through and throws once per JVM run, in one subtask, after that subtask has seen {@code after}
 * events and a checkpoint has completed (it slows down until one has, so the failure lands mid-stream with a
 * checkpoint to restore from). The flag is static: the restarted instance does not fail again.
 */
final class FailOnce extends RichMapFunction<ClickEvent, ClickEvent> implements CheckpointListener {

    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final long after;
    private transient long seen;
    private transient volatile boolean checkpointed;

    FailOnce(long after) {
        this.after = after;
    }

    @Override
    public ClickEvent map(ClickEvent e) throws Exception {
        if (++seen >= after && !FAILED.get()) {
            if (!checkpointed) {
                Thread.sleep(5);
            } else if (FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + seen + " events");
            }
        }
        return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
