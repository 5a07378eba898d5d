package io.streamrank.registry.evaluation;

import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.cli.Args;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one evaluation run.
 *
 * @param events           event files (Taobao CSV or Streamrank JSON lines)
 * @param testDays         length of the test window in days, ending at the newest event
 * @param skipLastDays     days at the end of the data to leave out (move the window back, e.g. for validation)
 * @param sampledNegatives negatives drawn uniformly from the catalog for the sampled protocol
 * @param bootstrap        bootstrap resamples of the users for the confidence intervals
 * @param json             where to write the JSON report, or {@code null}
 * @param retrieval        candidate retrieval of the full-catalog protocol for the full model
 * @param train            trainer settings shared by the three trained models
 */
record EvaluationOptions(List<Path> events, double testDays, double skipLastDays, int sampledNegatives, int bootstrap,
                         Path json, Retrieval retrieval, TrainOptions train) {

    static final String USAGE = """
            Usage: EvaluateCommand --events FILE [--events FILE ...] [options]

            Offline evaluation of the Streamrank ranker against baselines, in one run. Events are sorted by time; the
            last --test-days of data are the test window and everything before it trains the models. Every test
            interaction is predicted from the features and counts just before its instant (the contract's feature state
            machines, replayed as in training), then applied. Metrics: HR@10, NDCG@10, MRR, Recall@50, each the mean over
            test interactions with a 95%% bootstrap confidence interval over users (ties broken uniformly at random, in
            expectation), under two protocols:
              full catalog   every item seen before the interaction; the full model ranks what retrieval returns, as
                             the service retrieves it (embedding neighbours of the user's newest items and of their
                             interest vector, the co-visitation lists the feature job writes, trending items of the
                             user's recent categories, their recent items, popular items; no new catalog items);
                             an item never seen before is a miss for every method
              sampled        the target among --negatives items drawn uniformly from that catalog; a target never
                             seen before is a miss here too
            Rows: global popularity; popularity over the last hour (item.clicks_1h); recently viewed (the user's own
            recent items, newest first: an extra baseline for repeat interactions); item co-visitation kNN; BPR-MF
            (user x item, no real-time features); the full model; the full model trained and scored with every
            real-time input zeroed (ablation). Baselines break their ties by global popularity.

              --events FILE         event file; repeatable. *.csv = Taobao UserBehavior rows
                                    (user_id,item_id,category_id,behavior,timestamp in seconds, no header);
                                    *.json / *.jsonl = one Streamrank JSON event per line; late events, events
                                    from the future and repeated eventIds are dropped as the feature job drops
                                    them (as in train)
              --test-days X         length of the test window in days (default: 1)
              --skip-last-days X    leave out the last X days first, e.g. 1 to tune on the day before the test day
                                    without looking at it (default: 0)
              --negatives N         sampled negatives per test interaction (default: 100)
              --bootstrap N         bootstrap resamples (default: 1000)
              --json FILE           also write every number as JSON to FILE
              retrieval for the full model, the ranking service's defaults (streamrank.retrieval.*):
              --triggers N          the user's newest items whose neighbours are taken (default: 3)
              --ann N               embedding neighbours of the user's interest vector (default: 100)
              --session N           embedding neighbours of the trigger items, all together (default: 100)
              --co-visitation N     co-visited items of the trigger items, all together (default: 100)
              --categories N        recent categories whose trending items are taken (default: 5)
              --per-category N      trending items (most clicked in the last hour) per category (default: 40)
              --recent N            the user's own recent items (default: 20)
              --popular N           globally popular items (most clicked in the last hour) (default: 150)
              --max-candidates N    cap on retrieved candidates, filled up with popular items (default: 500)
              --epochs, --patience, --batch, --train-negatives, --seed, --learning-rate, --l2, --dim, --buckets
                                    trainer settings for the three trained models, as in TrainCommand
              --help                show this help

            The markdown table goes to standard output, progress to standard error.
            Run with -Dai.djl.offline=true -DTENSORFLOW_LIBRARY_PATH=<dir with libjnitensorflow.so>.
            """;

    /** Returns {@code null} when help was asked for. @throws IllegalArgumentException on a bad command line */
    static EvaluationOptions parse(String[] argv) {
        Args a = new Args(argv);
        if (a.help()) {
            return null;
        }
        List<Path> events = new ArrayList<>();
        a.all("--events").forEach(e -> events.add(Path.of(e)));
        if (events.isEmpty()) {
            throw new IllegalArgumentException("--events is required");
        }
        TrainOptions d = TrainOptions.defaults(events, Path.of(TrainOptions.DEFAULT_STORE));
        TrainOptions train = new TrainOptions(events, d.store(), a.intOr("--epochs", d.epochs()),
                a.intOr("--patience", d.patience()), a.intOr("--batch", d.batchSize()),
                a.intOr("--train-negatives", d.negatives()), a.longOr("--seed", d.seed()), 0,
                a.floatOr("--learning-rate", d.learningRate()), a.floatOr("--l2", d.l2()), a.intOr("--dim", d.dim()),
                a.intOr("--buckets", 0), null, d.stage());
        Retrieval d0 = Retrieval.SERVED;
        Retrieval retrieval = new Retrieval(a.intOr("--triggers", d0.triggers()), a.intOr("--ann", d0.ann()),
                a.intOr("--session", d0.session()), a.intOr("--co-visitation", d0.coVisitation()),
                a.intOr("--categories", d0.categories()), a.intOr("--per-category", d0.perCategory()),
                a.intOr("--recent", d0.recent()), a.intOr("--popular", d0.popular()),
                a.intOr("--max-candidates", d0.maxCandidates()));
        EvaluationOptions o = new EvaluationOptions(events, a.doubleOr("--test-days", 1),
                a.doubleOr("--skip-last-days", 0), a.intOr("--negatives", 100), a.intOr("--bootstrap", 1000),
                a.one("--json") == null ? null : Path.of(a.one("--json")), retrieval, train);
        a.finish();
        if (!(o.testDays() > 0) || o.skipLastDays() < 0 || o.sampledNegatives() < 1 || o.bootstrap() < 10) {
            throw new IllegalArgumentException("want --test-days > 0, --skip-last-days >= 0, --negatives >= 1 and "
                    + "--bootstrap >= 10");
        }
        return o;
    }
}
