package io.streamrank.registry;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.registry.pairs.PairBuilder;
import io.streamrank.registry.pairs.TrainingPairs;
import io.streamrank.registry.training.BprTrainer;
import io.streamrank.registry.training.HyperParameters;
import io.streamrank.registry.training.TrainingResult;
import io.streamrank.registry.training.Variant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Events → point-in-time pairs → a trained ranker: the part the trainer and the evaluation share. */
public final class ModelTraining {

    /** Hidden units of the MLP over the dense features. */
    static final int HIDDEN_UNITS = 32;
    private static final int MIN_BUCKETS = 16;
    private static final int MAX_BUCKETS = 1 << 20;

    private ModelTraining() {
    }

    /**
     * A trained model with what it was trained on.
     *
     * @param result         weights, settings and metrics
     * @param pairs          the training pairs
     * @param itemCategories every item of the events with its category in its latest event ({@link #latestCategories})
     */
    public record Trained(TrainingResult result, TrainingPairs pairs, Map<Long, Long> itemCategories) {

        /** Hyper-parameters and data settings as written into metadata. */
        public Map<String, Object> hyperParameters(TrainOptions options) {
            Map<String, Object> m = result.hp().asMap();
            m.put("negatives", options.negatives());
            m.put("max_pairs", options.maxPairs());
            m.put("validation_pairs", pairs.size() - pairs.validationStart());
            return m;
        }
    }

    /** Trains {@code variant} on time-sorted {@code events} with the settings of {@code options}. */
    public static Trained train(List<ClickEvent> events, TrainOptions options, Variant variant,
                                Consumer<String> progress) {
        TrainingPairs pairs = PairBuilder.build(events, options.negatives(), options.seed(), options.maxPairs());
        progress.accept(String.format(Locale.ROOT, "built %,d pairs from %,d events (%,d train, %,d validation)",
                pairs.size(), events.size(), pairs.validationStart(), pairs.size() - pairs.validationStart()));
        Set<Long> users = new HashSet<>();
        Set<Long> categories = new HashSet<>();
        for (ClickEvent e : events) {
            users.add(e.userId());
            categories.add(e.categoryId());
        }
        Map<Long, Long> items = latestCategories(events);
        HyperParameters hp = new HyperParameters(options.epochs(), options.patience(), options.batchSize(),
                options.learningRate(), options.l2(), HIDDEN_UNITS, options.dim(),
                buckets(options.hashBuckets(), users.size()), buckets(options.hashBuckets(), items.size()),
                buckets(options.hashBuckets(), categories.size()), variant, options.seed());
        TrainingResult result = BprTrainer.train(pairs, hp, progress);
        return new Trained(result, pairs, items);
    }

    /**
     * Every item of time-sorted {@code events} with the category of its latest event: the category its exported
     * embedding row is computed with ({@code ModelExporter.itemEmbeddings}) and the one exported beside it for the
     * service ({@code item_categories.bin}, ADR 82). Pairs take each event's own category; an item that changed
     * category is exported with its newest one, which the feature job also holds for it.
     */
    static Map<Long, Long> latestCategories(List<ClickEvent> events) {
        Map<Long, Long> items = new HashMap<>();
        for (ClickEvent e : events) {
            items.put(e.itemId(), e.categoryId());
        }
        return items;
    }

    /** The configured bucket count, or twice the distinct ids rounded up to a power of two. */
    static int buckets(int configured, int distinct) {
        if (configured > 0) {
            return configured;
        }
        long want = Math.max(MIN_BUCKETS, 2L * distinct);
        return (int) Math.min(MAX_BUCKETS, Long.highestOneBit(want - 1) << 1);
    }
}
