package dev.imagemoderation.slackactions;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.NoticeTexts;
import dev.imagemoderation.core.moderation.Verdict;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.workflow.FailureReport;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.slack.SlackApi;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts the bot's messages: the channel notice, the poster's DM, the moderators' reports. */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** A message posted, or why none was. */
    public record Posted(boolean sent, String channel, String ts, String skippedBecause) {
        static Posted skipped(String why) {
            return new Posted(false, null, null, why);
        }
    }

    private final SlackApi api;
    private final Secret botToken;
    private final String moderatorsChannel;
    private final NoticeTexts texts;

    public Notifier(SlackApi api, Secret botToken, String moderatorsChannel, NoticeTexts texts) {
        this.api = api;
        this.botToken = botToken;
        this.moderatorsChannel = moderatorsChannel;
        this.texts = texts;
    }

    /** One notice per message, in its thread when the image was posted in one. */
    public Posted notifyChannel(ModerationRequest r, List<FileScan> scans) {
        return post("notice", r.channelId(), r.threadTs(), texts.channelNotice(r, category(scans)));
    }

    public Posted notifyPoster(ModerationRequest r, List<FileScan> scans) {
        if (r.userId() == null || !(r.userId().startsWith("U") || r.userId().startsWith("W"))) {
            return Posted.skipped("the poster is not a person (" + r.userId() + ")");
        }
        var open = api.call("conversations.open", botToken, m -> m.conversationsOpen(b -> b.users(List.of(r.userId()))));
        if (!open.isOk()) {
            if ("user_not_found".equals(open.getError()) || "cannot_dm_bot".equals(open.getError())
                    || "user_disabled".equals(open.getError())) {
                return Posted.skipped(open.getError());
            }
            throw new SlackActionFailedException(SlackApi.describe("conversations.open", open));
        }
        return post("poster DM", open.getChannel().getId(), null, texts.posterMessage(r, category(scans)));
    }

    public Posted reportToModerators(ModerationRequest r, String action, List<FileScan> scans, String execution) {
        if (moderatorsChannel == null) {
            LOG.atWarn().addKeyValue("eventId", r.eventId()).log("no MODERATORS_CHANNEL configured; report not sent");
            return Posted.skipped("no moderators channel configured");
        }
        return post("moderators report", moderatorsChannel, null, texts.moderatorReport(r, action, scans, execution));
    }

    public Posted reportFailure(FailureReport report) {
        if (moderatorsChannel == null) {
            LOG.atError().addKeyValue("state", report.state()).addKeyValue("error", report.error())
                    .log("moderation failed and no MODERATORS_CHANNEL is configured to tell");
            return Posted.skipped("no moderators channel configured");
        }
        return post("failure report", moderatorsChannel, null, texts.failureReport(report));
    }

    private Posted post(String what, String channel, String threadTs, String text) {
        ChatPostMessageResponse r = api.call("chat.postMessage", botToken, m -> m.chatPostMessage(b -> {
            b.channel(channel).text(text).unfurlLinks(false).unfurlMedia(false);
            if (threadTs != null) {
                b.threadTs(threadTs);
            }
            return b;
        }));
        if (!r.isOk()) {
            throw new SlackActionFailedException(what + " not posted: " + SlackApi.describe("chat.postMessage", r));
        }
        return new Posted(true, r.getChannel(), r.getTs(), null);
    }

    private static String category(List<FileScan> scans) {
        return scans.stream().map(FileScan::verdict).filter(v -> v != null && v.action() == Action.REMOVE)
                .map(Verdict::category).filter(c -> c != null).findFirst().orElse(null);
    }
}
