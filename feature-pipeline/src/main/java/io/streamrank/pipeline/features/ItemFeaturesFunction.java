package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Keyed by item: {@link ItemFeatureLogic} driven by {@link FeatureFunction} (writes {@code i:}, {@code is:} and the
 * item's score in {@code pop:all} and {@code pop:c:<category>}).
 *
 * <p>The popularity sets are filled from this operator's state only, so they belong to one job run: the run is fixed
 * when the job graph is built and kept in the checkpoints (union state: every subtask, at any parallelism, restores
 * the same one), i.e. it changes exactly when the item state starts empty. Every popularity write carries it
 * ({@link RedisWrite#ownedBy}), and the first write of a new run empties a set the previous run left behind: that
 * run's members had no state left to ever remove them, and every write renewed the set's TTL. A set the new run never
 * writes is not renewed and expires with its TTL.
 */
public final class ItemFeaturesFunction extends FeatureFunction<ClickEvent, ItemState> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final String keyPrefix;
    private final String popularPrefix;
    /** The run of a job started without item state: when its graph was built, so each fresh start differs. */
    private final long freshRun;
    private transient ListState<Long> runState;
    private transient long run;

    public ItemFeaturesFunction(String keyPrefix, Duration flushInterval, boolean slideWrites) {
        this(keyPrefix, flushInterval, slideWrites, System.currentTimeMillis());
    }

    ItemFeaturesFunction(String keyPrefix, Duration flushInterval, boolean slideWrites, long freshRun) {
        super(new ItemFeatureLogic(keyPrefix), ItemState.class, "item-features", flushInterval, slideWrites);
        this.keyPrefix = keyPrefix;
        this.popularPrefix = new RedisKeys(keyPrefix).popularKeyPrefix();
        this.freshRun = freshRun;
    }

    /**
     * The key naming the run that owns popularity set {@code setKey}: under the prefix (cleared with it), outside
     * {@code pop:} (whose keys the ranking service reads and tracks), with the set's name as its Redis Cluster hash tag
     * so that both share a slot (true for any prefix without braces, or whose braces form a hash tag of their own).
     */
    static String ownerKey(String keyPrefix, String setKey) {
        return keyPrefix + "run:{" + setKey + "}";
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        runState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("popularity-run", Long.class));
        run = freshRun;
        // Restored: every entry is the same run. State from before the run was kept has none: it is a new run then,
        // and the sets it finds have no owner key yet, so they are adopted as they are.
        for (Long restored : runState.get()) {
            run = restored;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        runState.update(List.of(run));
    }

    @Override
    protected RedisWrite stamp(RedisWrite w) {
        if ((w.op == RedisWrite.Op.ZADD || w.op == RedisWrite.Op.ZREM) && w.key.startsWith(popularPrefix)) {
            w.ownedBy(ownerKey(keyPrefix, w.key), run);
        }
        return w;
    }
}
