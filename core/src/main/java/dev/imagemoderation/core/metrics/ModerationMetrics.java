package dev.imagemoderation.core.metrics;

import dev.imagemoderation.core.moderation.Action;
import java.time.Duration;

/**
 * The product's own figures, the same on AWS (CloudWatch embedded metrics) and in local mode
 * ({@code /metrics}): images by verdict, removals and how long they took from Slack's event, removals
 * that failed, moderations that failed.
 */
public interface ModerationMetrics {

    /** Records nothing: for tests and for callers that count elsewhere. */
    ModerationMetrics NONE = new ModerationMetrics() {
        @Override
        public void imageDecided(Action verdict) {}

        @Override
        public void filesRemoved(int count, Duration sinceReceived) {}

        @Override
        public void removalFailed() {}

        @Override
        public void moderationFailed(String state) {}
    };

    /** One image's verdict. */
    void imageDecided(Action verdict);

    /** Files deleted for one message, and the time from ingest's receipt to their deletion. */
    void filesRemoved(int count, Duration sinceReceived);

    /** A removal Slack refused or that could not be confirmed: an image may still be up. */
    void removalFailed();

    /** A moderation that ended in ReportFailure, by the state that failed. */
    void moderationFailed(String state);
}
