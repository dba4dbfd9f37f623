package dev.imagemoderation.core.config;

/**
 * The settings the functions read from their environment, by the environment variable's name.
 * Infra writes them into each function's environment and local mode into its in-process one, so
 * that a name is spelled in one place only.
 */
public enum Setting {
    /** The moderation queue ingest writes to. */
    QUEUE_URL,
    /** The moderation state machine the dispatcher starts. */
    STATE_MACHINE_ARN,
    /** The review state machine the dispatcher starts for a moderator's action. */
    REVIEW_STATE_MACHINE_ARN,
    /** The bucket for incoming copies and quarantine. */
    BUCKET_NAME,
    /** A policy preset name or the path of a policy file. */
    POLICY,
    /** Where the moderators' reports go. */
    MODERATORS_CHANNEL,
    /** This app's id and its bot's id: their own posts are never moderated. */
    SLACK_APP_ID,
    SLACK_BOT_ID,
    /** Ids of other bots whose posts are trusted. */
    EXEMPT_BOT_IDS,
    /** The Web API base, {@code https://slack.com/api/} unless set. */
    SLACK_API_URL,
    /** Hosts added to Slack's own on the token allowlist. */
    SLACK_ALLOWED_HOSTS,
    /**
     * For tests only: origins ({@code http://127.0.0.1:8123}) a remote image may be fetched from
     * although they are loopback or plain http. Nothing in a deployment sets it; local mode warns
     * loudly at start when it is set.
     */
    TEST_ONLY_REMOTE_IMAGE_ORIGINS,
    /** The decision store's DynamoDB table; without it the bot remembers nothing (Recall passes every image on). */
    DECISION_TABLE,
    /**
     * Who answers DetectModerationLabels ({@code rekognition}, {@code local:mobilenet_v2}): cached labels serve
     * only the detector that produced them.
     */
    DETECTOR_ID,
    /** How many days the detector's labels for a file are reused; 30 unless set, 0 turns the cache off. */
    VERDICT_CACHE_DAYS,
    /** Hash banks, {@code name=s3://bucket/key} separated by commas: PDQ lists whose matches are removed. */
    HASH_BANKS,
    /** Secrets: the value itself, or its Secrets Manager ARN in {@code NAME_ARN}. */
    SLACK_SIGNING_SECRET(true),
    SLACK_BOT_TOKEN(true),
    SLACK_ADMIN_TOKEN(true),
    /** Socket Mode's app-level token (local mode only). */
    SLACK_APP_TOKEN(true);

    private final boolean secret;

    Setting() {
        this(false);
    }

    Setting(boolean secret) {
        this.secret = secret;
    }

    public boolean secret() {
        return secret;
    }

    /** The variable that holds a secret's Secrets Manager ARN instead of its value. */
    public String arnVariable() {
        if (!secret) {
            throw new IllegalStateException(name() + " is not a secret");
        }
        return name() + "_ARN";
    }
}
