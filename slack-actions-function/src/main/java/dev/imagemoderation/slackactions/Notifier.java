package dev.imagemoderation.slackactions;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.Message;
import com.slack.api.model.ResponseMetadata;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.NoticeTexts;
import dev.imagemoderation.core.moderation.Verdict;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.review.ReportBlocks;
import dev.imagemoderation.core.review.ReviewAction;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.workflow.Attempt;
import dev.imagemoderation.core.workflow.ExecutionConsole;
import dev.imagemoderation.core.workflow.FailureReport;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.slack.SlackApi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the bot's messages: the channel notice, the poster's DM, the moderators' reports.
 *
 * <p>Tasks run at least once (a retry after a timeout, a resumed execution), so every post
 * carries Slack message metadata naming the event and the kind of message, and is skipped
 * when the channel (or thread) already has it. Direct messages cannot be checked that way:
 * reading a DM's history needs {@code im:history}, a scope this bot does not ask for, so a
 * re-run may repeat the DM.
 */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** The {@code event_type} of the metadata on every message this bot posts. */
    static final String METADATA_TYPE = "image_moderation";

    /** A message posted, or why none was. */
    public record Posted(boolean sent, String channel, String ts, String skippedBecause) {
        public static Posted skipped(String why) {
            return new Posted(false, null, null, why);
        }
    }

    private final SlackApi api;
    private final Secret botToken;
    private final String moderatorsChannel;
    private final NoticeTexts texts;
    /**
     * A person's DM channel with the bot does not change: remembered, it saves a
     * conversations.open (a Tier 3 method, about 50 a minute) for every removal after the first.
     */
    private final Map<String, String> dmChannels = new ConcurrentHashMap<>();

    static final int MAX_CACHED_DM_CHANNELS = 10_000;

    /** Messages per history page, and how many pages a re-run reads looking for its earlier post. */
    static final int HISTORY_PAGE = 200;

    static final int MAX_HISTORY_PAGES = 10;

    private volatile String ownBotId;

    private final ModerationMetrics metrics;

    public Notifier(SlackApi api, Secret botToken, String moderatorsChannel, NoticeTexts texts) {
        this(api, botToken, moderatorsChannel, texts, ModerationMetrics.NONE);
    }

    public Notifier(
            SlackApi api, Secret botToken, String moderatorsChannel, NoticeTexts texts, ModerationMetrics metrics) {
        this.metrics = metrics;
        this.api = api;
        this.botToken = botToken;
        this.moderatorsChannel = moderatorsChannel;
        this.texts = texts;
    }

    /**
     * One notice per message, in its thread when the image was posted in one.
     *
     * @param attempt which try this is; on a later one the channel is searched for an earlier post
     */
    public Posted notifyChannel(ModerationRequest r, List<FileScan> scans, Attempt attempt) {
        return post(
                r,
                attempt,
                "notice",
                r.channelId(),
                r.threadTs(),
                texts.channelNotice(r, category(scans), scans),
                true);
    }

    public Posted notifyPoster(ModerationRequest r, List<FileScan> scans) {
        return notifyPoster(r, scans, null);
    }

    /**
     * The poster's DM, with an "Ask for a review" button naming {@code execution} (the
     * moderation) when there is one.
     */
    public Posted notifyPoster(ModerationRequest r, List<FileScan> scans, String execution) {
        String text = posterText(r, scans);
        return tellPoster(
                r, text, execution == null ? null : ReportBlocks.withButton(text, ReviewAction.APPEAL, execution));
    }

    /** What the poster's DM says about a removal. */
    public String posterText(ModerationRequest r, List<FileScan> scans) {
        return texts.posterMessage(r, category(scans), scans);
    }

    /** A direct message to the poster of {@code r}'s message (a removal's reason, a restore's news). */
    public Posted tellPoster(ModerationRequest r, String text) {
        return tellPoster(r, text, null);
    }

    private Posted tellPoster(ModerationRequest r, String text, String blocks) {
        if (r.userId() == null || !(r.userId().startsWith("U") || r.userId().startsWith("W"))) {
            return Posted.skipped("the poster is not a person (" + r.userId() + ")");
        }
        String cached = dmChannels.get(r.userId());
        if (cached != null) {
            try {
                return post(r, Attempt.UNKNOWN, "poster DM", cached, null, text, blocks, false);
            } catch (SlackActionFailedException e) {
                dmChannels.remove(r.userId()); // closed or gone since: open it again below
            }
        }
        var open =
                api.call("conversations.open", botToken, m -> m.conversationsOpen(b -> b.users(List.of(r.userId()))));
        if (!open.isOk()) {
            if ("user_not_found".equals(open.getError())
                    || "cannot_dm_bot".equals(open.getError())
                    || "user_disabled".equals(open.getError())) {
                return Posted.skipped(open.getError());
            }
            throw new SlackActionFailedException(SlackApi.describe("conversations.open", open));
        }
        String channel = open.getChannel().getId();
        if (dmChannels.size() >= MAX_CACHED_DM_CHANNELS) {
            dmChannels.clear();
        }
        dmChannels.put(r.userId(), channel);
        return post(r, Attempt.UNKNOWN, "poster DM", channel, null, text, blocks, false);
    }

    /** chat.update of one of the bot's own messages: a notice or a report whose story has moved on. */
    public Posted update(String channel, String ts, String text, String blocks) {
        var r = api.call(
                "chat.update",
                botToken,
                m -> m.chatUpdate(b -> {
                    b.channel(channel).ts(ts).text(text);
                    return blocks == null ? b : b.blocksAsString(blocks);
                }));
        if (!r.isOk()) {
            throw new SlackActionFailedException(
                    "message " + ts + " not updated: " + SlackApi.describe("chat.update", r));
        }
        return new Posted(true, channel, ts, null);
    }

    /** A reply in a thread of one of the bot's messages (an appeal under the report). */
    public Posted replyInThread(ModerationRequest r, String what, String channel, String threadTs, String text) {
        return post(r, Attempt.UNKNOWN, what, channel, threadTs, text, false);
    }

    /** An answer to one person, in a channel they are in, that nobody else sees. */
    public Posted answer(String channel, String user, String text) {
        var r = api.call(
                "chat.postEphemeral",
                botToken,
                m -> m.chatPostEphemeral(b -> b.channel(channel).user(user).text(text)));
        if (!r.isOk()) {
            throw new SlackActionFailedException(SlackApi.describe("chat.postEphemeral", r));
        }
        return new Posted(true, channel, r.getMessageTs(), null);
    }

    /** The moderators' channel this bot reports to, or null. */
    public String moderatorsChannel() {
        return moderatorsChannel;
    }

    public NoticeTexts texts() {
        return texts;
    }

    /**
     * The moderators' report: Block Kit with a button per action a moderator may take (restore
     * or keep a removal, remove or allow a flagged image), and the same text as the fallback
     * for notifications. It links to the message when Slack still has it.
     */
    public Posted reportToModerators(
            ModerationRequest r, Action action, List<FileScan> scans, String execution, Attempt attempt) {
        return reportToModerators(r, action, scans, execution, null, attempt);
    }

    /** @param executionArn for a link to the execution in the Step Functions console, on AWS */
    public Posted reportToModerators(
            ModerationRequest r,
            Action action,
            List<FileScan> scans,
            String execution,
            String executionArn,
            Attempt attempt) {
        if (moderatorsChannel == null) {
            LOG.atWarn().addKeyValue("eventId", r.eventId()).log("no MODERATORS_CHANNEL configured; report not sent");
            return Posted.skipped("no moderators channel configured");
        }
        String text = texts.moderatorReport(r, action, scans, execution);
        String blocks = ReportBlocks.open(text, action, execution, reportContext(r, execution, executionArn));
        return post(r, attempt, "moderators report", moderatorsChannel, null, text, blocks, true);
    }

    /** The report's context line: a link to the message (when Slack still has it) and the execution. */
    String reportContext(ModerationRequest r, String execution, String executionArn) {
        String link = null;
        if (r.channelId() != null && r.messageTs() != null) {
            var p = api.call(
                    "chat.getPermalink",
                    botToken,
                    m -> m.chatGetPermalink(b -> b.channel(r.channelId()).messageTs(r.messageTs())));
            link = p.isOk() ? p.getPermalink() : null;
        }
        String console = ExecutionConsole.url(executionArn)
                .map(url -> "<" + url + "|execution `" + execution + "`>")
                .orElse("execution `" + execution + "`");
        return (link != null ? "<" + link + "|the message> · " : "") + console;
    }

    public Posted reportFailure(FailureReport report) {
        metrics.moderationFailed(report.state());
        if (moderatorsChannel == null) {
            LOG.atError()
                    .addKeyValue("state", report.state())
                    .addKeyValue("error", report.error())
                    .log("moderation failed and no MODERATORS_CHANNEL is configured to tell");
            return Posted.skipped("no moderators channel configured");
        }
        String text = texts.failureReport(report);
        return post(
                report.request(),
                report.attempt(),
                "failure report " + report.state(),
                moderatorsChannel,
                null,
                text,
                ReportBlocks.withButton(text, ReviewAction.RETRY, report.execution()),
                true);
    }

    private Posted post(
            ModerationRequest r,
            Attempt attempt,
            String what,
            String channel,
            String threadTs,
            String text,
            boolean checkFirst) {
        return post(r, attempt, what, channel, threadTs, text, null, checkFirst);
    }

    private Posted post(
            ModerationRequest r,
            Attempt attempt,
            String what,
            String channel,
            String threadTs,
            String text,
            String blocks,
            boolean checkFirst) {
        Map<String, Object> payload = Map.of("event_id", r == null ? "" : r.eventId(), "message", what);
        if (checkFirst && r != null && attempt.mayHaveRunBefore()) {
            Instant startedAt = attempt.startedAt();
            // Nothing this execution posted can be older than its start; in a busy channel that keeps the look short.
            String since = startedAt != null
                    ? startedAt.getEpochSecond() + "." + String.format("%06d", startedAt.getNano() / 1000)
                    : r.messageTs();
            String existing = alreadyPosted(channel, threadTs, since, payload);
            if (existing != null) {
                LOG.atInfo()
                        .addKeyValue("eventId", r.eventId())
                        .addKeyValue("message", what)
                        .log("already posted; not posting again");
                return new Posted(true, channel, existing, null);
            }
        }
        Message.Metadata metadata = Message.Metadata.builder()
                .eventType(METADATA_TYPE)
                .eventPayload(payload)
                .build();
        ChatPostMessageResponse resp = api.call(
                "chat.postMessage",
                botToken,
                m -> m.chatPostMessage(b -> {
                    b.channel(channel)
                            .text(text)
                            .unfurlLinks(false)
                            .unfurlMedia(false)
                            .metadata(metadata);
                    if (blocks != null) {
                        b.blocksAsString(blocks);
                    }
                    if (threadTs != null) {
                        b.threadTs(threadTs);
                    }
                    return b;
                }));
        if (!resp.isOk()) {
            throw new SlackActionFailedException(what + " not posted: " + SlackApi.describe("chat.postMessage", resp));
        }
        return new Posted(true, resp.getChannel(), resp.getTs(), null);
    }

    /**
     * The ts of a message this bot already posted for the same event and purpose, or null. Reads only
     * what was posted since the execution started, page after page (a busy thread has more than one),
     * and trusts only messages from this bot: another app could copy the metadata to suppress a notice.
     */
    private String alreadyPosted(String channel, String threadTs, String since, Map<String, Object> payload) {
        String self = ownBotId();
        String cursor = null;
        for (int page = 0; page < MAX_HISTORY_PAGES; page++) {
            Page found = page(channel, threadTs, since, cursor);
            List<Message> messages = found.messages();
            String next = found.nextCursor();
            if (messages == null) {
                // Cannot look (e.g. a missing history scope): posting twice beats not posting.
                return null;
            }
            for (Message m : messages) {
                Message.Metadata md = m.getMetadata();
                if (self != null
                        && self.equals(m.getBotId())
                        && md != null
                        && METADATA_TYPE.equals(md.getEventType())
                        && md.getEventPayload() != null
                        && payload.get("event_id").equals(md.getEventPayload().get("event_id"))
                        && payload.get("message").equals(md.getEventPayload().get("message"))) {
                    return m.getTs();
                }
            }
            if (next == null || next.isEmpty()) {
                return null;
            }
            cursor = next;
        }
        LOG.atWarn()
                .addKeyValue("channel", channel)
                .addKeyValue("pages", MAX_HISTORY_PAGES)
                .log("searched as far as allowed for an earlier post; posting");
        return null;
    }

    /** One page of a channel's history or a thread's replies; null messages when Slack would not say. */
    private record Page(List<Message> messages, String nextCursor) {}

    private Page page(String channel, String threadTs, String since, String cursor) {
        if (threadTs != null) {
            var resp = api.call(
                    "conversations.replies",
                    botToken,
                    m -> m.conversationsReplies(b -> {
                        b.channel(channel).ts(threadTs).includeAllMetadata(true).limit(HISTORY_PAGE);
                        if (since != null) {
                            b.oldest(since);
                        }
                        return cursor == null ? b : b.cursor(cursor);
                    }));
            return resp.isOk() ? new Page(resp.getMessages(), next(resp.getResponseMetadata())) : new Page(null, null);
        }
        var resp = api.call(
                "conversations.history",
                botToken,
                m -> m.conversationsHistory(b -> {
                    b.channel(channel).includeAllMetadata(true).limit(HISTORY_PAGE);
                    if (since != null) {
                        b.oldest(since);
                    }
                    return cursor == null ? b : b.cursor(cursor);
                }));
        return resp.isOk() ? new Page(resp.getMessages(), next(resp.getResponseMetadata())) : new Page(null, null);
    }

    private static String next(ResponseMetadata metadata) {
        return metadata == null ? null : metadata.getNextCursor();
    }

    /** This bot's bot id, from auth.test once per process; null when Slack will not say (then nothing is trusted). */
    private String ownBotId() {
        String id = ownBotId;
        if (id == null) {
            var r = api.call("auth.test", botToken, m -> m.authTest(b -> b));
            if (r.isOk() && r.getBotId() != null) {
                id = r.getBotId();
                ownBotId = id;
            }
        }
        return id;
    }

    private static String category(List<FileScan> scans) {
        return scans.stream()
                .map(FileScan::verdict)
                .filter(v -> v != null && v.action() == Action.REMOVE)
                .map(Verdict::category)
                .filter(c -> c != null)
                .findFirst()
                .orElse(null);
    }
}
