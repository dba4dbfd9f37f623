package dev.imagemoderation.bench;

import java.util.Locale;

/**
 * What the decision memory saves on AWS, per 1,000 images, for a workload in which 0 %, 30 % or 60 % of images
 * are reposts the memory answers (a moderator's decision, a bank, or cached labels). A model, not a bill: the
 * prices (us-east-1, on-demand, list prices as published when written) and the per-image usage are the
 * constants below; change them and run it again.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.imagemoderation.bench.MemoryCostModel</pre>
 */
public final class MemoryCostModel {

    // --- prices, USD -----------------------------------------------------------------------
    /** Rekognition DetectModerationLabels, first 1 M images a month. */
    static final double REKOGNITION_PER_IMAGE = 0.001;
    /** Lambda on arm64: per GB-second, and per request. */
    static final double LAMBDA_GB_SECOND = 0.0000133334;

    static final double LAMBDA_REQUEST = 0.20 / 1_000_000;
    /** Step Functions Standard: per state transition. */
    static final double SFN_TRANSITION = 0.025 / 1_000;
    /** DynamoDB on demand: per read request unit, per write request unit. */
    static final double DDB_READ_UNIT = 0.125 / 1_000_000;

    static final double DDB_WRITE_UNIT = 0.625 / 1_000_000;

    // --- usage per image, from the definition and the functions' settings -------------------
    /** FetchImage: 1,536 MB for about a second (download, checks, S3 copy); the same with or without memory. */
    static final double FETCH_GB_S = 1.5 * 1.0;
    /** DetectLabels: 512 MB while Rekognition answers, about 0.4 s. */
    static final double DETECT_GB_S = 0.5 * 0.4;
    /** Recall: 1,024 MB for two DynamoDB reads and an in-memory PDQ lookup, about 30 ms warm. */
    static final double RECALL_GB_S = 1.0 * 0.03;
    /**
     * Transitions of a one-image ALLOW execution: Prepare, ScanFiles, PrepareItem, FetchImage, DetectLabels,
     * Decide, DiscardCopies, DeleteCopies, Done; memory adds Recall and Remembered, and on a hit Recalled
     * stands where DetectLabels stood.
     */
    static final int TRANSITIONS_WITHOUT_MEMORY = 9;

    static final int TRANSITIONS_WITH_MEMORY = 11;
    /** Recall reads the decision (strongly consistent, 1 unit) and the cache entry (eventual, 0.5 unit). */
    static final double READ_UNITS = 1.5;
    /** A detector call writes its labels to the cache: one item under 1 KB. */
    static final double WRITE_UNITS_ON_MISS = 1;

    private MemoryCostModel() {}

    public static void main(String[] args) {
        System.out.println("| repeats answered by memory | without memory, $/1,000 | with memory, $/1,000 | "
                + "Rekognition | Lambda | Step Functions | DynamoDB | with / without |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double repeats : new double[] {0, 0.3, 0.6}) {
            Cost without = without();
            Cost with = with(repeats);
            System.out.printf(
                    Locale.ROOT,
                    "| %.0f %% | %.3f | %.3f | %.3f | %.3f | %.3f | %.4f | %.2f |%n",
                    repeats * 100,
                    without.total() * 1000,
                    with.total() * 1000,
                    with.rekognition() * 1000,
                    with.lambda() * 1000,
                    with.stepFunctions() * 1000,
                    with.dynamo() * 1000,
                    with.total() / without.total());
        }
    }

    record Cost(double rekognition, double lambda, double stepFunctions, double dynamo) {
        double total() {
            return rekognition + lambda + stepFunctions + dynamo;
        }
    }

    static Cost without() {
        return new Cost(
                REKOGNITION_PER_IMAGE,
                (FETCH_GB_S + DETECT_GB_S) * LAMBDA_GB_SECOND + 2 * LAMBDA_REQUEST,
                TRANSITIONS_WITHOUT_MEMORY * SFN_TRANSITION,
                0);
    }

    static Cost with(double repeats) {
        double misses = 1 - repeats;
        return new Cost(
                misses * REKOGNITION_PER_IMAGE,
                (FETCH_GB_S + RECALL_GB_S + misses * DETECT_GB_S) * LAMBDA_GB_SECOND + (2 + misses) * LAMBDA_REQUEST,
                TRANSITIONS_WITH_MEMORY * SFN_TRANSITION,
                READ_UNITS * DDB_READ_UNIT + misses * WRITE_UNITS_ON_MISS * DDB_WRITE_UNIT);
    }
}
