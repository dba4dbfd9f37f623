package dev.imagemoderation.local;

import dev.imagemoderation.asl.LambdaFunctions;
import dev.imagemoderation.moderate.DetectLabelsHandler;
import dev.imagemoderation.moderate.FetchImageHandler;
import dev.imagemoderation.moderate.Moderation;
import dev.imagemoderation.slackactions.NotifyChannelHandler;
import dev.imagemoderation.slackactions.NotifyPosterHandler;
import dev.imagemoderation.slackactions.RemoveFilesHandler;
import dev.imagemoderation.slackactions.ReportFailureHandler;
import dev.imagemoderation.slackactions.ReportToModeratorsHandler;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.statemachine.ModerationWorkflow;
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
                .register(name(ModerationWorkflow.DETECT_LABELS), new DetectLabelsHandler(moderation.detect()))
                .register(name(ModerationWorkflow.REMOVE_FILES), new RemoveFilesHandler(actions))
                .register(name(ModerationWorkflow.NOTIFY_CHANNEL), new NotifyChannelHandler(actions))
                .register(name(ModerationWorkflow.NOTIFY_POSTER), new NotifyPosterHandler(actions))
                .register(name(ModerationWorkflow.REPORT_TO_MODERATORS), new ReportToModeratorsHandler(actions))
                .register(name(ModerationWorkflow.REPORT_FAILURE), new ReportFailureHandler(actions));
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
