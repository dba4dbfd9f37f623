package dev.imagemoderation.infra;

import dev.imagemoderation.core.moderation.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Node;

/**
 * The deployment's parameters, from CDK context ({@code cdk.json} or {@code -c name=value}).
 *
 * @param policy a preset name ({@code default}, {@code strict}) or a path to a policy YAML file
 * @param quarantineDays how long removed originals are kept for restoring false positives
 * @param moderatorsChannel the channel id that receives reports and failures (may be empty: reports are skipped)
 * @param rekognitionTps the region's DetectModerationLabels quota, which caps how fast executions start
 * @param alarmEmail optional address subscribed to the alarm topic
 * @param slackAppId, slackBotId this app's identity, so ingest skips the bot's own posts (from the app's settings page)
 * @param breakGlassRoleArn the one role besides the workflow's that may read quarantined originals (empty: none)
 * @param logExecutionData record every state's input and output in the state-machine logs (default: errors only)
 * @param verdictCacheDays how long Rekognition's labels for a file are reused for its reposts (0: never)
 * @param hashBanks PDQ hash banks, {@code name=s3://bucket/key} separated by commas (empty: none); Recall may
 *     read exactly those objects
 */
public record ModerationSettings(
        String policy,
        int quarantineDays,
        String moderatorsChannel,
        int rekognitionTps,
        String alarmEmail,
        String slackAppId,
        String slackBotId,
        String breakGlassRoleArn,
        boolean logExecutionData,
        int verdictCacheDays,
        String hashBanks) {

    public static final ModerationSettings DEFAULTS =
            new ModerationSettings("default", 30, "", 50, "", "", "", "", false, 30, "");

    public ModerationSettings {
        List<String> problems = new ArrayList<>();
        if (quarantineDays < 1 || quarantineDays > 365) {
            problems.add("quarantineDays must be 1..365, was " + quarantineDays);
        }
        if (rekognitionTps < 1) {
            problems.add("rekognitionTps must be positive, was " + rekognitionTps);
        }
        if (moderatorsChannel != null
                && !moderatorsChannel.isEmpty()
                && !moderatorsChannel.matches("[CG][A-Z0-9]{2,}")) {
            problems.add("moderatorsChannel must be a channel id like C0123ABCD, was " + moderatorsChannel);
        }
        if (breakGlassRoleArn != null
                && !breakGlassRoleArn.isEmpty()
                && !breakGlassRoleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
            problems.add("breakGlassRoleArn must be an IAM role ARN, was " + breakGlassRoleArn);
        }
        if (verdictCacheDays < 0 || verdictCacheDays > 3650) {
            problems.add("verdictCacheDays must be 0..3650, was " + verdictCacheDays);
        }
        for (String bank : hashBankList(hashBanks)) {
            if (!bank.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}=s3://[a-z0-9][a-z0-9.-]{1,62}/.+")) {
                problems.add("hashBanks entries are name=s3://bucket/key, was " + bank);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid context: " + String.join("; ", problems));
        }
    }

    public static ModerationSettings fromContext(Node node) {
        return new ModerationSettings(
                string(node, "policy", DEFAULTS.policy()),
                integer(node, "quarantineDays", DEFAULTS.quarantineDays()),
                string(node, "moderatorsChannel", DEFAULTS.moderatorsChannel()),
                integer(node, "rekognitionTps", DEFAULTS.rekognitionTps()),
                string(node, "alarmEmail", DEFAULTS.alarmEmail()),
                string(node, "slackAppId", DEFAULTS.slackAppId()),
                string(node, "slackBotId", DEFAULTS.slackBotId()),
                string(node, "breakGlassRoleArn", DEFAULTS.breakGlassRoleArn()),
                Boolean.parseBoolean(string(node, "logExecutionData", Boolean.toString(DEFAULTS.logExecutionData()))),
                integer(node, "verdictCacheDays", DEFAULTS.verdictCacheDays()),
                string(node, "hashBanks", DEFAULTS.hashBanks()));
    }

    static List<String> hashBankList(String hashBanks) {
        if (hashBanks == null || hashBanks.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(hashBanks.split(","))
                .map(String::strip)
                .filter(b -> !b.isEmpty())
                .toList();
    }

    /** The S3 object ARNs of the banks, for Recall's role. */
    public List<String> hashBankObjectArns(String partition) {
        return hashBankList(hashBanks).stream()
                .map(b -> "arn:" + partition + ":s3:::" + b.substring(b.indexOf("=s3://") + 6))
                .toList();
    }

    /** True when {@link #policy} names a file rather than a preset. */
    public boolean policyIsFile() {
        return !PolicyLoader.PRESETS.contains(policy);
    }

    /** Loads the policy now, so a broken one stops {@code cdk synth} with its line numbers. */
    public void validatePolicy(Path repoRoot) {
        try {
            if (policyIsFile()) {
                Path file = repoRoot.resolve(policy);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("policy file " + file + " does not exist");
                }
                PolicyLoader.load(file);
            } else {
                PolicyLoader.preset(policy);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("policy " + policy + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * How many dispatchers may run at once. Each execution makes up to three concurrent
     * DetectModerationLabels calls (ScanFiles' MaxConcurrency) of roughly a third of a
     * second, so one dispatcher starting a batch of executions can keep about
     * {@code 3 × 3 = 9} calls a second busy; the rest is absorbed by the tasks' retries.
     */
    public int dispatcherConcurrency() {
        return Math.max(2, Math.min(1000, rekognitionTps / 9));
    }

    private static String string(Node node, String key, String fallback) {
        Object v = node.tryGetContext(key);
        return v == null ? fallback : v.toString().trim();
    }

    private static int integer(Node node, String key, int fallback) {
        Object v = node.tryGetContext(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n
                    ? n.intValue()
                    : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a whole number, was " + v);
        }
    }
}
