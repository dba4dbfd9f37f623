package dev.imagemoderation.local;

import dev.imagemoderation.asl.LambdaFunctions;
import dev.imagemoderation.moderate.DetectLabelsHandler;
import dev.imagemoderation.moderate.FetchImageHandler;
import dev.imagemoderation.moderate.Moderation;
import dev.imagemoderation.moderate.RecallHandler;
import dev.imagemoderation.slackactions.HoldForRetryHandler;
import dev.imagemoderation.slackactions.NotifyChannelHandler;
import dev.imagemoderation.slackactions.NotifyPosterHandler;
import dev.imagemoderation.slackactions.RemoveFilesHandler;
import dev.imagemoderation.slackactions.ReportFailureHandler;
import dev.imagemoderation.slackactions.ReportToModeratorsHandler;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.slackactions.review.ReviewActions;
import dev.imagemoderation.slackactions.review.ReviewHandlers;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import dev.imagemoderation.statemachine.ReviewWorkflow;
import java.util.HashMap;
import java.util.Map;

/**
 * The workflow's Lambda tasks as in-process handlers, and the definition substitutions
 * that point each placeholder at them: local mode's counterpart of infra's aliases.
 */
public final class WorkflowFunctions {

    private WorkflowFunctions() {}

    /** The real handlers, registered under the names {@link #substitutions} gives the placeholders. */
    public static LambdaFunctions handlers(Moderation moderation, SlackActions actions) {
        return new LambdaFunctions()
                .register(name(ModerationWorkflow.FETCH_IMAGE), new FetchImageHandler(moderation.fetch()))
                .register(name(ModerationWorkflow.RECALL), new RecallHandler(moderation.recall()))
                .register(name(ModerationWorkflow.DETECT_LABELS), new DetectLabelsHandler(moderation.detect()))
                .register(name(ModerationWorkflow.REMOVE_FILES), new RemoveFilesHandler(actions))
                .register(name(ModerationWorkflow.NOTIFY_CHANNEL), new NotifyChannelHandler(actions))
                .register(name(ModerationWorkflow.NOTIFY_POSTER), new NotifyPosterHandler(actions))
                .register(name(ModerationWorkflow.REPORT_TO_MODERATORS), new ReportToModeratorsHandler(actions))
                .register(name(ModerationWorkflow.REPORT_FAILURE), new ReportFailureHandler(actions))
                .register(name(ModerationWorkflow.HOLD_FOR_RETRY), new HoldForRetryHandler());
    }

    /** The review workflow's tasks: its own, and the moderation's RemoveFiles, NotifyChannel and NotifyPoster. */
    public static LambdaFunctions reviewHandlers(ReviewActions review, SlackActions actions) {
        return new LambdaFunctions()
                .register(name(ReviewWorkflow.AUTHORIZE_MODERATOR), new ReviewHandlers.AuthorizeModerator(() -> review))
                .register(name(ReviewWorkflow.CLAIM_REPORT), new ReviewHandlers.ClaimReport(() -> review))
                .register(name(ReviewWorkflow.RESTORE_FILES), new ReviewHandlers.RestoreFiles(() -> review))
                .register(name(ReviewWorkflow.UPDATE_REPORT), new ReviewHandlers.UpdateReport(() -> review))
                .register(name(ReviewWorkflow.ANSWER_MODERATOR), new ReviewHandlers.AnswerModerator(() -> review))
                .register(name(ReviewWorkflow.POST_APPEAL), new ReviewHandlers.PostAppeal(() -> review))
                .register(name(ReviewWorkflow.REVEAL_ORIGINAL), new ReviewHandlers.RevealOriginal(() -> review))
                .register(name(ReviewWorkflow.REMEMBER), new ReviewHandlers.Remember(() -> review))
                .register(name(ModerationWorkflow.REMOVE_FILES), new RemoveFilesHandler(actions))
                .register(name(ModerationWorkflow.NOTIFY_CHANNEL), new NotifyChannelHandler(actions))
                .register(name(ModerationWorkflow.NOTIFY_POSTER), new NotifyPosterHandler(actions));
    }

    /** The review definition's substitutions; a moderation's ARN is {@code moderationExecutionArnPrefix} and its name. */
    public static Map<String, String> reviewSubstitutions(String bucket, String moderationExecutionArnPrefix) {
        Map<String, String> substitutions = new HashMap<>();
        ReviewWorkflow.SUBSTITUTIONS.forEach(p -> substitutions.put(p, name(p)));
        substitutions.put(ModerationWorkflow.BUCKET_NAME, bucket);
        substitutions.put(ReviewWorkflow.MODERATION_EXECUTION_ARN_PREFIX, moderationExecutionArnPrefix);
        return substitutions;
    }

    public static Map<String, String> substitutions(String bucket) {
        Map<String, String> substitutions = new HashMap<>();
        ModerationWorkflow.SUBSTITUTIONS.forEach(p -> substitutions.put(p, name(p)));
        substitutions.put(ModerationWorkflow.BUCKET_NAME, bucket);
        return substitutions;
    }

    private static String name(String placeholder) {
        return placeholder.replace("FunctionArn", "");
    }
}
