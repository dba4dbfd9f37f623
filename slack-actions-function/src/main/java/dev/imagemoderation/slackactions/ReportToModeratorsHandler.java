package dev.imagemoderation.slackactions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.SlackActionInput;

/** Workflow task ReportToModerators: labels, confidences, thresholds and the execution name, for the moderators. */
public final class ReportToModeratorsHandler extends JsonTaskHandler<SlackActionInput, Notifier.Posted> {

    private final SlackActions actions;

    public ReportToModeratorsHandler() {
        this(SlackActions.fromEnv());
    }

    public ReportToModeratorsHandler(SlackActions actions) {
        super(SlackActionInput.class);
        this.actions = actions;
    }

    @Override
    protected Notifier.Posted handle(SlackActionInput input, Context context) {
        return actions.notifier()
                .reportToModerators(
                        input.request(),
                        input.action(),
                        input.scans(),
                        input.execution(),
                        input.executionArn(),
                        input.attempt());
    }
}
