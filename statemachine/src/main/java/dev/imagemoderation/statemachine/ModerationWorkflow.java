package dev.imagemoderation.statemachine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The moderation workflow definition and the names of its {@code ${...}} substitutions.
 * CDK passes them as {@code DefinitionSubstitutions} (Lambda alias ARNs, the bucket);
 * the local runner maps the same names to in-process handlers and its embedded bucket.
 */
public final class ModerationWorkflow {

    public static final String FETCH_IMAGE = "FetchImageFunctionArn";
    public static final String RECALL = "RecallFunctionArn";
    public static final String DETECT_LABELS = "DetectLabelsFunctionArn";
    public static final String REMOVE_FILES = "RemoveFilesFunctionArn";
    public static final String NOTIFY_CHANNEL = "NotifyChannelFunctionArn";
    public static final String NOTIFY_POSTER = "NotifyPosterFunctionArn";
    public static final String REPORT_TO_MODERATORS = "ReportToModeratorsFunctionArn";
    public static final String REPORT_FAILURE = "ReportFailureFunctionArn";
    public static final String HOLD_FOR_RETRY = "HoldForRetryFunctionArn";
    public static final String BUCKET_NAME = "BucketName";

    /** Every substitution the definition uses, and nothing else. */
    public static final List<String> SUBSTITUTIONS = List.of(
            FETCH_IMAGE,
            RECALL,
            DETECT_LABELS,
            REMOVE_FILES,
            NOTIFY_CHANNEL,
            NOTIFY_POSTER,
            REPORT_TO_MODERATORS,
            REPORT_FAILURE,
            HOLD_FOR_RETRY,
            BUCKET_NAME);

    /** The names of the states that code outside the definition reads from an execution's history. */
    public static final class States {
        public static final String SCAN_FILES = "ScanFiles";
        public static final String QUARANTINE_FILES = "QuarantineFiles";
        public static final String REMOVE_FILES = "RemoveFiles";
        public static final String NOTIFY_CHANNEL = "NotifyChannel";
        public static final String NOTIFY_POSTER = "NotifyPoster";
        public static final String REPORT_TO_MODERATORS = "ReportToModerators";
        public static final String REPORT_FAILURE = "ReportFailure";
        /** Where a reported failure ends, and where a redrive starts again. */
        public static final String HOLD_FOR_RETRY = "HoldForRetry";

        /** The tasks that call Slack, in the order the REMOVE branch runs them, then the failure report. */
        public static final List<String> SLACK_CALLS =
                List.of(REMOVE_FILES, NOTIFY_CHANNEL, NOTIFY_POSTER, REPORT_TO_MODERATORS, REPORT_FAILURE);

        /** Every name above; the definition test checks that each is a state. */
        public static final List<String> NAMED = List.of(
                SCAN_FILES,
                QUARANTINE_FILES,
                REMOVE_FILES,
                NOTIFY_CHANNEL,
                NOTIFY_POSTER,
                REPORT_TO_MODERATORS,
                REPORT_FAILURE,
                HOLD_FOR_RETRY);

        private States() {}
    }

    private static final String RESOURCE = "/dev/imagemoderation/statemachine/moderation.asl.json";

    private ModerationWorkflow() {}

    /** The definition text, with its {@code ${...}} placeholders unsubstituted. */
    public static String definition() {
        return resource(RESOURCE);
    }

    static String resource(String name) {
        try (InputStream in = ModerationWorkflow.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
