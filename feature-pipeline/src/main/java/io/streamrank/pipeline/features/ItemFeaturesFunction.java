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
 * ({@link RedisWrite#ownedBy}), and a new run takes over a set the previous run left behind: that run's members had
 * no state left to ever remove them (and every write renewed the set's TTL), but they stay for the takeover span
 * (by default one popularity window) after the new run's first write to the set, so the popular lists do not shrink to
 * what the new run has seen so far; then only the members the new run has written since remain. A set the new run
 * never writes is not renewed and expires with its TTL.
 */
public final class ItemFeaturesFunction extends FeatureFunction<ClickEvent, ItemState> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final String keyPrefix;
    private final String popularPrefix;
    /** The run of a job started without item state: when its graph was built, so each fresh start differs. */
    private final long freshRun;
    /** How long another run's members stay in a popularity set after this run claims it, in ms. */
    private final long takeoverMs;
    private transient ListState<Long> runState;
    private transient long run;

    /**
     * @param takeover how long the members of another run stay in a popularity set after this run's first write to
     *                 it ({@link RedisWrite#ownedBy})
     */
    public ItemFeaturesFunction(String keyPrefix, Duration flushInterval, boolean slideWrites, Duration takeover) {
        this(keyPrefix, flushInterval, slideWrites, takeover, System.currentTimeMillis());
    }

    ItemFeaturesFunction(String keyPrefix, Duration flushInterval, boolean slideWrites, Duration takeover,
                         long freshRun) {
        super(new ItemFeatureLogic(keyPrefix), ItemState.class, "item-features", flushInterval, slideWrites);
        this.keyPrefix = keyPrefix;
        this.popularPrefix = new RedisKeys(keyPrefix).popularKeyPrefix();
        this.freshRun = freshRun;
        this.takeoverMs = takeover.toMillis();
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
        // Restored: every entry is the same run. State without an entry (a savepoint of a version before runs were
        // kept) makes a new run, which takes the sets over gradually (or adopts those without an owner key): harmless,
        // as the restored items are rewritten while their windows slide, long before the takeover (a window) ends.
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
            w.ownedBy(ownerKey(keyPrefix, w.key), run, takeoverMs);
        }
        return w;
    }
}
