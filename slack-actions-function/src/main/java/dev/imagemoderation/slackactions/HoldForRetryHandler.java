package dev.imagemoderation.slackactions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.RetryHold;

/** Workflow task HoldForRetry (see {@link RetryHold}): fails a reported moderation, releases it on a redrive. */
public final class HoldForRetryHandler extends JsonTaskHandler<RetryHold, RetryHold.Released> {

    public HoldForRetryHandler() {
        super(RetryHold.class);
    }

    @Override
    protected RetryHold.Released handle(RetryHold input, Context context) {
        return input.release();
    }
}
