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
    public static final String DETECT_LABELS = "DetectLabelsFunctionArn";
    public static final String REMOVE_FILES = "RemoveFilesFunctionArn";
    public static final String NOTIFY_CHANNEL = "NotifyChannelFunctionArn";
    public static final String NOTIFY_POSTER = "NotifyPosterFunctionArn";
    public static final String REPORT_TO_MODERATORS = "ReportToModeratorsFunctionArn";
    public static final String REPORT_FAILURE = "ReportFailureFunctionArn";
    public static final String BUCKET_NAME = "BucketName";

    /** Every substitution the definition uses, and nothing else. */
    public static final List<String> SUBSTITUTIONS = List.of(
            FETCH_IMAGE,
            DETECT_LABELS,
            REMOVE_FILES,
            NOTIFY_CHANNEL,
            NOTIFY_POSTER,
            REPORT_TO_MODERATORS,
            REPORT_FAILURE,
            BUCKET_NAME);

    private static final String RESOURCE = "/dev/imagemoderation/statemachine/moderation.asl.json";

    private ModerationWorkflow() {}

    /** The definition text, with its {@code ${...}} placeholders unsubstituted. */
    public static String definition() {
        try (InputStream in = ModerationWorkflow.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
