package dev.imagemoderation.core.slack;

/**
 * The outer object of every request the Events API sends.
 * See https://api.slack.com/apis/events-api#callback-field for the fields.
 */
public sealed interface SlackEnvelope {

    /** Sent once when the Request URL is configured; must be answered with the challenge. */
    record UrlVerification(String challenge) implements SlackEnvelope {}

    /** Slack stopped delivering events to us for a minute because we fell behind. */
    record AppRateLimited(String teamId, String apiAppId, long minuteRateLimited) implements SlackEnvelope {}

    /**
     * An event delivery. {@code event} is null when the inner event is not a
     * {@code message} (its type is then in {@code eventType}).
     */
    record EventCallback(
            String eventId,
            String teamId,
            String enterpriseId,
            String apiAppId,
            long eventTime,
            String eventType,
            MessageEvent event)
            implements SlackEnvelope {}

    /** A well-formed envelope of a type this bot does not handle. */
    record Unsupported(String type) implements SlackEnvelope {}
}
