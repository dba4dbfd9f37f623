package dev.imagemoderation.ingest.dispatch;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;

/** The dispatcher's settings: {@link Setting#STATE_MACHINE_ARN}, the moderation workflow it starts. */
public record DispatcherConfig(String stateMachineArn) {

    /** @param secrets unused: the dispatcher holds no secret; taken so that every function wires alike */
    public static DispatcherConfig from(Env env, Secrets secrets) {
        return new DispatcherConfig(env.required(Setting.STATE_MACHINE_ARN));
    }
}
