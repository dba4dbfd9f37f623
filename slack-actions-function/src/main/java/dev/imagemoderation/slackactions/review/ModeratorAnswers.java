package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.core.errors.SlackUnavailableException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.slackactions.Notifier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Answers the clicker alone. The click's {@code response_url} reaches them wherever they
 * clicked, even in a channel the bot cannot post ephemerals to for them (a non-member who saw
 * a shared report); it takes no token. Without one, {@code chat.postEphemeral} in the report's
 * channel does.
 */
public final class ModeratorAnswers {

    private final Notifier notifier;
    private final HostAllowlist slackHosts;

    public ModeratorAnswers(Notifier notifier, HostAllowlist slackHosts) {
        this.notifier = notifier;
        this.slackHosts = slackHosts;
    }

    public Notifier.Posted answer(ReviewRequest review, String text) {
        if (review.fromConsole()) {
            // The console shows the review's outcome itself; its moderator has no Slack id to answer.
            return Notifier.Posted.skipped("asked in the console: " + text);
        }
        if (review.responseUrl() == null) {
            return notifier.answer(review.reportChannel(), review.actorId(), text);
        }
        URI url = URI.create(review.responseUrl());
        if (!slackHosts.allows(url)) {
            // Only Slack makes response URLs; anything else in one is not followed.
            return notifier.answer(review.reportChannel(), review.actorId(), text);
        }
        String body = Json.mapper()
                .createObjectNode()
                .put("response_type", "ephemeral")
                .put("replace_original", false)
                .put("text", text)
                .toString();
        int status = TokenlessPost.post(
                url,
                "application/json",
                HttpRequest.BodyPublishers.ofString(body),
                Duration.ofSeconds(10),
                "the answer to the clicker");
        if (status == 404) {
            // The URL lives 30 minutes; past that the channel is the only way to reach them.
            return notifier.answer(review.reportChannel(), review.actorId(), text);
        }
        if (status >= 300) {
            throw new SlackUnavailableException("Slack's response_url answered HTTP " + status);
        }
        return new Notifier.Posted(true, review.reportChannel(), null, null);
    }
}
