package io.streamrank.ranking;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the ranking service ({@code streamrank.*}); defaults are in {@code application.yaml} and each one
 * is documented in README's configuration table.
 */
@Validated
@ConfigurationProperties("streamrank")
public record RankingProperties(@Valid @NotNull Kafka kafka, @Valid @NotNull Redis redis, @Valid @NotNull Model model,
                                @Valid @NotNull Ranking ranking, @Valid @NotNull Retrieval retrieval,
                                @Valid @NotNull Features features, @Valid @NotNull Rules rules,
                                @Valid @NotNull Catalog catalog, @Valid @NotNull Api api,
                                @Valid @NotNull Ingest ingest, @Valid @NotNull Warmup warmup,
                                @Valid @NotNull Rollout rollout) {

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param topic            clickstream topic events are produced to, keyed by user id
     * @param sendTimeout      how long ingest waits for the broker's acknowledgement before answering 503
     */
    public record Kafka(@NotBlank String bootstrapServers, @NotBlank String topic, @NotNull Duration sendTimeout) {
    }

    /**
     * @param uri       Redis URI of the feature store (with {@code cluster}, one node to discover the others from)
     * @param keyPrefix prefix of every feature key (must match the feature job's)
     * @param timeout   budget of one pipelined round of reads; slower counts as Redis down for that request
     * @param cluster   the feature store is a Redis Cluster (the feature job's {@code --redis.cluster true}): keys are
     *                  routed to the node owning their slot, a round's commands go to several nodes at once, and
     *                  retrieval lists are read without their members' values, which Redis Cluster cannot join
     *                  (ADR 52)
     * @param tracking  ask Redis to announce changes of the cached item values, catalog entries and retrieval lists
     *                  (client-side caching, {@code CLIENT TRACKING … BCAST} over RESP3): while it does, they are kept
     *                  until announced, at most {@code tracking-ttl}, instead of their short TTLs (ADR 56); one Redis
     *                  server only (not with {@code cluster})
     * @param trackingTtl how long a tracked value is kept when no change is announced (a safety bound)
     * @param breakerTimeouts rounds in a row that ran out of {@code timeout} after which Redis is not asked for
     *                        {@code breaker-open} (answers degrade at once instead of waiting in a concurrency slot);
     *                        0: never
     * @param breakerOpen     how long; then one round probes Redis, and its success ends it
     * @param deadPeerTimeout a connection is closed (and Lettuce reconnects) when data it sent stays unacknowledged
     *                        this long ({@code TCP_USER_TIMEOUT}, epoll transport only) or when, idle for half this,
     *                        three keepalive probes one second apart go unanswered: a Redis host that vanished without
     *                        a reset otherwise left a connection that looks open and times out every round until the
     *                        OS gives up (about 15 minutes on Linux); 0 keeps the OS defaults
     */
    public record Redis(@NotBlank String uri, @NotNull String keyPrefix, @NotNull Duration timeout, boolean cluster,
                        boolean tracking, @NotNull Duration trackingTtl, @Min(0) int breakerTimeouts,
                        @NotNull Duration breakerOpen, @NotNull Duration deadPeerTimeout) {
    }

    /**
     * @param dir               model store: a directory or {@code s3://bucket/prefix?endpoint=…} (docs/models.md)
     * @param predictors        DJL predictors in the pool (concurrent model calls)
     * @param maxBatchRows      requests waiting for a predictor are scored together in one model call of at most this
     *                          many rows (a larger request alone); 1 scores every request on its own (ADR 28)
     * @param device            {@code cpu} or {@code gpu} (needs the GPU natives, README "GPU"; the service refuses to
     *                          start when TensorFlow lists no GPU, ADR 67)
     * @param cacheDir          local folder for verified copies of versions; empty = a folder per model store under the
     *                          system temp folder; pruned at each poll to the versions held and the two most recently
     *                          fetched others, so not to be shared with services of other stores; only the
     *                          service's user may write it (a configured folder others may write refuses the start)
     * @param pollInterval      how often the registry is checked for a new production version; 0 = only at start
     * @param requireProduction serve only a version in stage production (else, without one, the newest version that
     *                          is not archived)
     * @param intraOpThreads    TensorFlow threads inside one operation (0 = TensorFlow's choice, one per core); with
     *                          several predictors scoring at once, 1 avoids oversubscribing the cores and the idle
     *                          spinning of TensorFlow's pool threads (half the CPU per call, docs/toolchain.md)
     * @param interOpThreads    TensorFlow threads running independent operations (0 = TensorFlow's choice); -1 runs
     *                          every operation in the request thread that scores, without handing the call to a pool
     *                          thread and waking it (less CPU and latency per call, docs/toolchain.md)
     * @param verifyKeys        PEM files of the Ed25519 public keys model versions must be signed with
     *                          ({@code verify-key.pem} of {@code registry keygen}; a file may hold several
     *                          {@code PUBLIC KEY} blocks, and a signature by any one key is enough, so a key can be
     *                          rolled, ADR 79). A version whose signature is missing or does not verify is refused like
     *                          one whose checksums do not match: the service keeps what it serves, counts the refusal
     *                          ({@code reason="signature"}) and tries it again once its signature or checksums file
     *                          changes. Read once at start: a file that cannot be read or holds no valid public key
     *                          stops the start. Empty: versions need no signature, and whoever can write the model
     *                          store decides what the service runs
     */
    public record Model(@NotBlank String dir, @Min(1) @Max(256) int predictors,
                        @Min(1) @Max(100_000) int maxBatchRows,
                        @NotNull @Pattern(regexp = "cpu|gpu") String device, @NotNull String cacheDir,
                        @NotNull Duration pollInterval, boolean requireProduction, @Min(0) @Max(256) int intraOpThreads,
                        @Min(-1) @Max(256) int interOpThreads, @NotNull List<@NotBlank String> verifyKeys) {
    }

    /**
     * @param defaultK          items returned when the request names no k
     * @param popularityRefresh how often the in-process popularity snapshot (popular source, degraded answer) refreshes
     */
    public record Ranking(@Min(1) @Max(200) int defaultK, @NotNull Duration popularityRefresh) {
    }

    /**
     * @param candidates           candidates retrieved and scored per request unless the request asks otherwise
     * @param sessionTriggers      the user's most recent distinct items whose neighbours (HNSW, co-visitation) are taken
     * @param ann                  neighbours of the user's interest vector (recency-weighted mean of recent items)
     * @param session              neighbours of the trigger items in the embedding space, all triggers together
     * @param coVisitation         co-visited items of the trigger items, all triggers together
     * @param trendingCategories   how many of the user's most recent categories get their trending items
     * @param trendingPerCategory  trending items (clicks in the last hour) taken per category
     * @param newItems             new catalog items (the user's recent categories first, then any category)
     * @param recent               the user's own recent items
     * @param popular              globally popular items (from the snapshot); also the backfill when sources are short
     * @param annReloadCheck       how often the served model version is checked for new item embeddings (a version
     *                             swapped in is indexed at once)
     * @param annBuildThreads      threads that build a version's HNSW index; 0: all available processors for the
     *                             first index of the process (readiness waits for it and nothing is served yet), one
     *                             for a version swapped in later (requests keep the other cores). An index of fewer
     *                             than 10,000 items is built on one thread.
     * @param annCarriedLists      when a new model version's index replaces the old one: how many of the item
     *                             neighbour lists the old index was asked for most are searched in the new graph
     *                             before it serves (off the request path, while the old one still serves), so that
     *                             the session source's requests do not each pay for a graph search after the swap
     *                             (ADR 68); 0 starts the new index with an empty cache
     * @param annGraphFromModel    use the HNSW graph exported with the model version ({@code item_graph/}, read in
     *                             well under a second) rather than linking one here (seconds to tens of seconds of a
     *                             core for ~10^5 items, ADR 69); a version without a usable graph is linked here
     *                             either way. false links every version here (to compare, or to rule the exported
     *                             graph out)
     * @param listCacheTtl         how long a Redis retrieval list (co-visitation of an item, trending or new items of a
     *                             category) is shared by all requests before it is read again; 0 reads every time
     * @param listCacheServeStale  how long after its TTL (or Redis's announcement that it changed) a cached list is
     *                             still used, while one background read (riding the next Redis round any request
     *                             sends) refreshes it; 0 reads it in the request once the TTL has passed (ADR 47, ADR
     *                             59: as long as tracking keeps a value, so that a list changed long before its next
     *                             use does not cost that request a second round)
     * @param listCacheMaxEntries  retrieval lists cached in-process at most (one entry per Redis key, whatever the
     *                             number of members a request takes, ADR 57); the warm-up preloads at most three
     *                             quarters of this many
     * @param readAhead            read candidates' item values and catalog entries in the round that reads retrieval
     *                             lists: each co-visitation or trending list brings its members' values along (Redis
     *                             {@code SORT … GET}), and the in-process sources' candidates that are not cached are
     *                             read with them, so a request waits for at most the user's round and that one
     *                             (ADR 48); a Redis that refuses {@code SORT … GET} (an ACL, a replica, cluster
     *                             mode) is detected on first use, and lists are then read plainly
     * @param categoryPageItems    on a category page ({@code categoryId}): how many of the category's items in the
     *                             served version's HNSW index are retrieved, those nearest to the user's interest
     *                             vector (or to the category's mean, for a user without recent items) first, so that
     *                             the model ranks the category's items and not only its trending and new ones
     *                             (ADR 88); 0 turns this source off
     */
    public record Retrieval(@Min(1) @Max(1000) int candidates, @Min(0) @Max(50) int sessionTriggers,
                            @Min(0) @Max(1000) int ann, @Min(0) @Max(1000) int session,
                            @Min(0) @Max(1000) int coVisitation, @Min(0) @Max(50) int trendingCategories,
                            @Min(0) @Max(1000) int trendingPerCategory, @Min(0) @Max(1000) int newItems,
                            @Min(0) @Max(50) int recent, @Min(0) @Max(1000) int popular,
                            @NotNull Duration annReloadCheck, @Min(0) @Max(256) int annBuildThreads,
                            @Min(0) @Max(200_000) int annCarriedLists, boolean annGraphFromModel,
                            @NotNull Duration listCacheTtl,
                            @NotNull Duration listCacheServeStale, @Min(1) long listCacheMaxEntries,
                            boolean readAhead, @Min(0) @Max(1000) int categoryPageItems) {
    }

    /**
     * @param userMaxAge a user feature value written longer ago than this counts as missing (and is counted)
     * @param itemMaxAge an item feature value written longer ago than this counts as missing (and is counted)
     * @param itemCacheTtl how long a decoded item value is shared by all requests before it is read again; 0 reads
     *                     every value on every request (user values are never cached)
     * @param itemCacheServeStale how long after its TTL (or Redis's announcement that it changed) a cached item value
     *                            is still used, while one background read (riding the next Redis round any request
     *                            sends) refreshes it; 0 reads it in the request once the TTL has passed (ADR 47, 59)
     * @param itemCacheMaxItems slots of the item value cache (one item each, 64 bytes), rounded up to a power of two,
     *                          at most 2^24; an item whose two candidate slots are taken evicts the older entry
     *                          (ADR 26, ADR 35)
     */
    public record Features(@NotNull Duration userMaxAge, @NotNull Duration itemMaxAge, @NotNull Duration itemCacheTtl,
                           @NotNull Duration itemCacheServeStale, @Min(1) long itemCacheMaxItems) {
    }

    /**
     * @param dropBought          drop items the user bought within {@code boughtWindow}
     * @param boughtWindow        how recent a purchase must be to drop the item
     * @param dropShown           drop items this service returned to the user within {@code shownWindow}
     * @param shownWindow         how long a returned item stays hidden from the same user
     * @param shownMax            returned items remembered per user at most
     * @param recordShown         which answers are recorded as shown to their user for {@code dropShown}:
     *                            {@code always} (every answer, so that a shop's pages calling without credentials keep
     *                            the rule), or {@code with-token}: only answers to requests that carry the API's write
     *                            token ({@code Authorization: Bearer <token>}, checked as writes are), so that whoever
     *                            merely reaches the API, or an engineer's {@code explain} call, cannot hide a user's
     *                            items; other requests get their whole answer, filtered by what was recorded before,
     *                            and are only not recorded (counted). Without a token (loopback,
     *                            {@code unauthenticated-writes}) nothing can carry one, and {@code with-token} records
     *                            every answer, with a warning at start (ADR 84)
     * @param dropUnavailable     drop items the catalog marks unavailable
     * @param newItemBoost        logit added to a new item's score at listing, decaying linearly to 0 at the end of
     *                            the catalog's new-item window; 0 disables the boost
     * @param maxPerCategory      items of one category in every {@code categoryCapWindow} consecutive places of the
     *                            top-K at most; 0 disables the cap
     * @param categoryCapWindow   the places the cap counts in, sliding down the page (ADR 93): the default 10 caps a
     *                            default page of 10 as a whole and lets a longer page continue a category past its
     *                            first 10 places; 0: the whole top-K however long, at most 200; else longer than
     *                            {@code maxPerCategory} (a shorter window could never hold more than the cap)
     * @param categoryCapBackfill when the cap leaves fewer than k items, fill up with the best capped ones
     * @param contextSimilarityWeight on a product page ({@code contextItemId}): added to each candidate's score, times
     *                            the cosine similarity of its embedding to the page's item's (in the served version's
     *                            HNSW index), so that items like the page's rise without the user's taste being lost
     *                            (ADR 89); for an item without an embedding, its category's items' mean similarity
     *                            (ADR 91); 0 turns it off, at most 10
     * @param categoryPagePopularityWeight on a category page ({@code categoryId}): added to each candidate's score,
     *                            times {@code ln(1 + its clicks in the last hour)} (the item feature the model also
     *                            reads; 0 when missing or past {@code features.item-max-age}), so that what shoppers
     *                            click in the category now counts for more than the model's training period let it
     *                            (ADR 94); 0 turns it off, at most 10
     */
    @CapWindowLongerThanTheCap
    public record Rules(boolean dropBought, @NotNull Duration boughtWindow, boolean dropShown,
                        @NotNull Duration shownWindow, @Min(1) @Max(10_000) int shownMax,
                        @NotNull RecordShown recordShown, boolean dropUnavailable,
                        @DecimalMin("0.0") double newItemBoost, @Min(0) @Max(200) int maxPerCategory,
                        @Min(0) @Max(200) int categoryCapWindow, boolean categoryCapBackfill,
                        @DecimalMin("0.0") @DecimalMax("10.0") double contextSimilarityWeight,
                        @DecimalMin("0.0") @DecimalMax("10.0") double categoryPagePopularityWeight) {

        /** {@code streamrank.rules.record-shown}: {@code always} or {@code with-token} (Spring's relaxed binding takes other spellings of the two, such as
         * {@code WITH_TOKEN}); any other value fails the start. */
        public enum RecordShown { ALWAYS, WITH_TOKEN }
    }

    /**
     * @param csv           CSV loaded into the catalog at start-up (header
     *                      {@code itemId,categoryId,createdAt,available,price,title}); empty for none
     * @param newItemWindow how long after {@code createdAt} an item counts as new (retrieval and boost)
     * @param cacheTtl      how long catalog attributes are cached in-process (writes elsewhere show up after this)
     * @param cacheServeStale how long after its TTL a cached entry is still used, while one background read (riding
     *                        the next Redis round any request sends) refreshes it; 0 reads it in the request (ADR 47)
     * @param cacheMaxItems slots of the catalog entry cache (one item each, 64 bytes), rounded up to a power of two,
     *                      at most 2^24 (ADR 26, ADR 74)
     * @param writeTimeout  how long a catalog upsert waits for Redis before answering 503
     * @param maxBodyBytes  body size limit of {@code PUT /v1/catalog/items}
     */
    public record Catalog(@NotNull String csv, @NotNull Duration newItemWindow, @NotNull Duration cacheTtl,
                          @NotNull Duration cacheServeStale, @Min(1) long cacheMaxItems,
                          @NotNull Duration writeTimeout, @Min(1) int maxBodyBytes) {
    }

    /**
     * @param maxBodyBytes   body size limit of {@code POST /v1/recommendations}
     * @param maxConcurrent  recommendation requests in progress at most
     * @param maxWaiting     requests waiting for a slot at most; one more answers 503 with Retry-After at once
     * @param acquireTimeout how long a waiting request may wait for a slot before the 503, while the wait list has
     *                       been empty within that time (a stall, such as a GC pause)
     * @param overloadWait   how long a new waiter may wait once the wait list has not been empty for longer than
     *                       {@code acquireTimeout} (an overload: the 503s stay quick)
     * @param retryAfter     the Retry-After sent with that 503
     * @param writeTokenFile file holding the token that writes ({@code POST /v1/events}, {@code PUT /v1/catalog/items})
     *                       need as {@code Authorization: Bearer <token>} (a mounted Secret; at least 16 characters,
     *                       no whitespace, a trailing line break ignored); empty: the token in the environment variable
     *                       {@code STREAMRANK_API_WRITE_TOKEN}, if set. Reads need none (ADR 78). File and variable may
     *                       hold up to 8 tokens, one a line ({@code #} comments and blank lines skipped), any of which
     *                       a write may carry, so that writers move to a new token while the old one works (ADR 85)
     * @param writeTokenReload how often the token file is read again while the service runs: a change that keeps the
     *                       rules replaces the tokens at once, one that breaks them (or a file that cannot be read) is
     *                       refused and the tokens before stay, logged and counted (ADR 85); {@code 0}: read at start
     *                       only. The environment variable is read at start only
     * @param unauthenticatedWrites serve writes to anyone when no token is given although the service listens beyond
     *                       loopback ({@code server.address} unset or not a loopback address): refused at start
     *                       otherwise, and logged as a warning when set. For a service behind something else that
     *                       authenticates every caller
     */
    public record Api(@Min(1) int maxBodyBytes, @Min(1) @Max(10_000) int maxConcurrent,
                      @Min(0) @Max(10_000) int maxWaiting, @NotNull Duration acquireTimeout,
                      @NotNull Duration overloadWait, @NotNull Duration retryAfter, @NotNull String writeTokenFile,
                      @NotNull Duration writeTokenReload, boolean unauthenticatedWrites) {

        public Api {
            if (writeTokenReload != null && writeTokenReload.isNegative()) {
                throw new IllegalArgumentException("streamrank.api.write-token-reload must be 0s (read at start only) "
                        + "or a positive duration, was " + writeTokenReload);
            }
        }
    }

    /**
     * @param maxEvents   events per {@code POST /v1/events} request at most
     * @param maxBodyBytes request body size limit of {@code POST /v1/events}
     * @param maxFutureSkew events this far ahead of the server clock are rejected
     * @param maxConcurrent ingest requests sending to Kafka at once at most; one more is answered 503 with
     *                      Retry-After at once, so that a Kafka outage (each request then waits out the send timeout)
     *                      cannot take the server threads the recommendations need
     */
    public record Ingest(@Min(1) @Max(10_000) int maxEvents, @Min(1) int maxBodyBytes,
                         @NotNull Duration maxFutureSkew, @Min(1) @Max(10_000) int maxConcurrent) {
    }

    /**
     * @param duration   how long the service ranks for itself, over its own HTTP port, before it reports ready
     *                   ({@code /actuator/health/readiness}), so that the JIT has compiled the request path before
     *                   traffic arrives (ADR 53); {@code 0}: no warm-up, ready at once. The shortest warm-up
     * @param maxDuration the longest warm-up: past {@code duration} it goes on, at a third of the rate, while the JIT
     *                   is still compiling what the load queued (its threads busy for a fifth of a core or more over the
     *                   last 2 s), up to this (ADR 62); not longer than {@code duration}: always {@code duration}
     * @param users      users whose features drive the warm-up requests, sampled from the feature store's user keys
     *                   ({@code SCAN}); fewer when Redis holds fewer, synthetic ids when it holds none
     * @param awaitIndex how long the warm-up waits for the HNSW index of the served model to be built before it
     *                   starts without it
     * @param preloadItems while Redis tracks the cached keys ({@code streamrank.redis.tracking}), the warm-up first
     *                   reads the feature values, catalog entries and co-visitation lists of up to this many items (the
     *                   served model's first, then others found by one bounded {@code SCAN}) and the categories'
     *                   trending and new-item lists into the caches, where they then stay until Redis announces a
     *                   change (ADR 56, ADR 57); 0: none
     */
    public record Warmup(@NotNull Duration duration, @NotNull Duration maxDuration, @Min(1) @Max(100_000) int users,
                         @NotNull Duration awaitIndex,
                         @Min(0) @Max(16_777_216) int preloadItems) {
    }

    /**
     * Model versions scored beside the serving one, from the registry's stages (ADR 55).
     *
     * @param canaryPercent share of users (0–100, a stable hash of the user id salted with the canary's version, so
     *                      each canary meets a different cohort) ranked by the version in stage {@code canary} while
     *                      there is one; 0 (or under 0.005, which rounds to no user) does not load it. An A/B test is
     *                      a canary at up to 50
     * @param shadowPercent share of requests (0–100) whose candidates the version in stage {@code shadow} also scores,
     *                      after the answer and off the request path, to compare with the served ranking; 0 does not
     *                      load it
     * @param shadowQueue   shadow scorings waiting at most; more are dropped (counted), so a slow shadow version
     *                      never builds a backlog or takes more than its one thread
     */
    public record Rollout(@DecimalMin("0.0") @DecimalMax("100.0") double canaryPercent,
                          @DecimalMin("0.0") @DecimalMax("100.0") double shadowPercent,
                          @Min(1) @Max(10_000) int shadowQueue) {

        /** Buckets per 100 %: shares down to 0.01 %. */
        public static final int BUCKETS = 10_000;

        /** The canary's users in buckets of {@link #BUCKETS}; 0 (also for a share under 0.005 %) loads no canary. */
        public int canaryBuckets() {
            return buckets(canaryPercent);
        }

        /** The shadow's requests in buckets of {@link #BUCKETS}; 0 loads no shadow. */
        public int shadowBuckets() {
            return buckets(shadowPercent);
        }

        private static int buckets(double percent) {
            return (int) Math.round(percent * BUCKETS / 100.0);
        }
    }
}
