package dev.imagemoderation.ingest.dispatch;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;

/**
 * The dispatcher's settings: {@link Setting#STATE_MACHINE_ARN}, the moderation workflow it
 * starts, and {@link Setting#REVIEW_STATE_MACHINE_ARN}, the review workflow for moderators' actions.
 */
public record DispatcherConfig(String stateMachineArn, String reviewStateMachineArn) {

    public DispatcherConfig(String stateMachineArn) {
        this(stateMachineArn, null);
    }

    /** @param secrets unused: the dispatcher holds no secret; taken so that every function wires alike */
    public static DispatcherConfig from(Env env, Secrets secrets) {
        return new DispatcherConfig(
                env.required(Setting.STATE_MACHINE_ARN),
                env.optional(Setting.REVIEW_STATE_MACHINE_ARN).orElse(null));
    }
}
