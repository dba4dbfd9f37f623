package dev.imagemoderation.statemachine;

import java.util.List;

/**
 * The review workflow definition (one execution per moderator's action on a report) and the
 * names of its {@code ${...}} substitutions. It reuses the moderation's RemoveFiles,
 * NotifyChannel and NotifyPoster functions for a removal decided by a moderator.
 */
public final class ReviewWorkflow {

    public static final String AUTHORIZE_MODERATOR = "AuthorizeModeratorFunctionArn";
    public static final String CLAIM_REPORT = "ClaimReportFunctionArn";
    public static final String RESTORE_FILES = "RestoreFilesFunctionArn";
    public static final String UPDATE_REPORT = "UpdateReportFunctionArn";
    public static final String ANSWER_MODERATOR = "AnswerModeratorFunctionArn";
    public static final String POST_APPEAL = "PostAppealFunctionArn";
    public static final String REVEAL_ORIGINAL = "RevealOriginalFunctionArn";
    public static final String REMEMBER = "RememberFunctionArn";
    /** {@code arn:aws:states:{region}:{account}:execution:{moderation state machine}:}, to which a name is appended. */
    public static final String MODERATION_EXECUTION_ARN_PREFIX = "ModerationExecutionArnPrefix";

    /** Every substitution the definition uses, and nothing else. */
    public static final List<String> SUBSTITUTIONS = List.of(
            AUTHORIZE_MODERATOR,
            CLAIM_REPORT,
            RESTORE_FILES,
            UPDATE_REPORT,
            ANSWER_MODERATOR,
            POST_APPEAL,
            REVEAL_ORIGINAL,
            REMEMBER,
            ModerationWorkflow.REMOVE_FILES,
            ModerationWorkflow.NOTIFY_CHANNEL,
            ModerationWorkflow.NOTIFY_POSTER,
            ModerationWorkflow.BUCKET_NAME,
            MODERATION_EXECUTION_ARN_PREFIX);

    /** The service integration that redrives a failed moderation (the failure report's Retry). */
    public static final String REDRIVE_EXECUTION = "arn:aws:states:::aws-sdk:sfn:redriveExecution";

    /** The service integration that reads the moderation a report is about. */
    public static final String DESCRIBE_EXECUTION = "arn:aws:states:::aws-sdk:sfn:describeExecution";

    private static final String RESOURCE = "/dev/imagemoderation/statemachine/review.asl.json";

    private ReviewWorkflow() {}

    /** The definition text, with its {@code ${...}} placeholders unsubstituted. */
    public static String definition() {
        return ModerationWorkflow.resource(RESOURCE);
    }
}
