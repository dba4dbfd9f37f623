package dev.imagemoderation.aws;

import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.moderation.PolicyException;
import dev.imagemoderation.core.moderation.PolicyLoader;
import java.io.IOException;

/**
 * The {@code POLICY} setting every function reads: a preset name ({@code default},
 * {@code strict}, {@code demo}) or the path of a policy file. Ingest takes its exempt
 * channels from it, DetectLabels its thresholds, the Slack actions its texts, so one
 * file governs all three.
 */
public final class PolicySetting {

    public static final Setting NAME = Setting.POLICY;
    public static final String DEFAULT = "default";

    private PolicySetting() {}

    /** @throws ConfigurationException naming the setting when the file is missing or invalid */
    public static Policy load(Env env) {
        String value = env.optional(NAME).orElse(DEFAULT);
        try {
            return PolicyLoader.presetOrFile(value);
        } catch (IOException e) {
            throw new ConfigurationException(NAME + "=" + value + " cannot be read: " + e.getMessage());
        } catch (PolicyException e) {
            throw new ConfigurationException(NAME + "=" + value + ": " + e.getMessage());
        }
    }
}
