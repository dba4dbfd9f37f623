package dev.imagemoderation.slackactions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.FailureReport;

/** Workflow task ReportFailure: tells the moderators which message could not be moderated, and why. */
public final class ReportFailureHandler extends JsonTaskHandler<FailureReport, Notifier.Posted> {

    private final SlackActions actions;

    public ReportFailureHandler() {
        this(SlackActions.fromEnv());
    }

    public ReportFailureHandler(SlackActions actions) {
        super(FailureReport.class);
        this.actions = actions;
    }

    @Override
    protected Notifier.Posted handle(FailureReport input, Context context) {
        return actions.notifier().reportFailure(input);
    }
}
