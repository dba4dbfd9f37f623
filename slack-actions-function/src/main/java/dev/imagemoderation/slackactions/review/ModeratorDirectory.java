package dev.imagemoderation.slackactions.review;

import com.slack.api.methods.response.conversations.ConversationsMembersResponse;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.review.ModerationOutcome;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.review.ReviewTaskInput.Authorization;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.slack.SlackApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may act on a report: the members of the moderators' channel, and the workspace's
 * admins and owners. The channel's members are read with {@code conversations.members}
 * (every page) and kept for a minute, so a burst of clicks costs one listing; being an admin
 * is checked with {@code users.info} only for someone who is not a member.
 */
public final class ModeratorDirectory {

    static final Duration MEMBERS_TTL = Duration.ofMinutes(1);

    private final SlackApi api;
    private final Secret botToken;
    private final String moderatorsChannel;
    private final Clock clock;
    private final boolean trustConsole;
    private Set<String> members;
    private Instant membersUntil = Instant.MIN;

    public ModeratorDirectory(SlackApi api, Secret botToken, String moderatorsChannel, Clock clock) {
        this(api, botToken, moderatorsChannel, clock, false);
    }

    /**
     * @param trustConsole whether decisions from local mode's console are taken, its sign-in being
     *     its own authorization; never on AWS, where the queue carries only what ingest put there
     */
    public ModeratorDirectory(
            SlackApi api, Secret botToken, String moderatorsChannel, Clock clock, boolean trustConsole) {
        this.trustConsole = trustConsole;
        this.api = api;
        this.botToken = botToken;
        this.moderatorsChannel = moderatorsChannel;
        this.clock = clock;
    }

    /**
     * A moderator's action needs a moderator; the poster's appeal needs the poster, whoever
     * else may moderate.
     */
    public Authorization authorize(ReviewRequest review, ModerationOutcome moderation) {
        if (review.fromConsole()) {
            return trustConsole
                    ? new Authorization(true, "signed in to local mode's console")
                    : new Authorization(false, "decisions from a console are taken only in local mode");
        }
        if (review.action().byPoster()) {
            String poster = moderation == null || moderation.request() == null
                    ? null
                    : moderation.request().userId();
            return review.actorId().equals(poster)
                    ? new Authorization(true, "the poster of the image")
                    : new Authorization(false, "not the poster of the image");
        }
        return authorize(review.actorId());
    }

    public Authorization authorize(String userId) {
        if (moderatorsChannel == null) {
            return new Authorization(false, "no moderators channel is configured");
        }
        if (members().contains(userId)) {
            return new Authorization(true, "member of " + moderatorsChannel);
        }
        var info = api.call("users.info", botToken, m -> m.usersInfo(b -> b.user(userId)));
        if (!info.isOk()) {
            throw new SlackActionFailedException(SlackApi.describe("users.info", info));
        }
        var u = info.getUser();
        if (u.isOwner() || u.isPrimaryOwner()) {
            return new Authorization(true, "workspace owner");
        }
        if (u.isAdmin()) {
            return new Authorization(true, "workspace admin");
        }
        return new Authorization(false, "neither a member of " + moderatorsChannel + " nor a workspace admin");
    }

    private synchronized Set<String> members() {
        Instant now = clock.instant();
        if (members != null && now.isBefore(membersUntil)) {
            return members;
        }
        Set<String> all = new HashSet<>();
        String cursor = null;
        do {
            String page = cursor;
            ConversationsMembersResponse r = api.call(
                    "conversations.members",
                    botToken,
                    m -> m.conversationsMembers(b -> {
                        b.channel(moderatorsChannel).limit(1000);
                        return page == null ? b : b.cursor(page);
                    }));
            if (!r.isOk()) {
                throw new SlackActionFailedException(SlackApi.describe("conversations.members", r));
            }
            all.addAll(r.getMembers());
            cursor = r.getResponseMetadata() == null
                    ? null
                    : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        members = Set.copyOf(all);
        membersUntil = now.plus(MEMBERS_TTL);
        return members;
    }
}
