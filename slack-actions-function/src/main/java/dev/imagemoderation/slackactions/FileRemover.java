package dev.imagemoderation.slackactions;

import com.slack.api.methods.response.files.FilesDeleteResponse;
import com.slack.api.methods.response.files.FilesInfoResponse;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.slack.SlackApi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the files to remove with the workspace admin's user token (a bot token cannot
 * delete other people's files), and the message too when the policy says so, or when it shows
 * a remote image to remove (a link preview or an app's image block cannot be deleted alone).
 * {@code files.delete} removes a file from every channel it was shared to.
 *
 * <p>Idempotent, since a retried or resumed task calls it again: a file already deleted
 * counts as removed. It never reports success while an image is still up: any file it
 * could not delete fails the task, with what to do by hand in the message.
 */
public final class FileRemover {

    private static final Logger LOG = LoggerFactory.getLogger(FileRemover.class);

    /** What happened, for the execution history. */
    public record Result(List<String> removed, List<String> alreadyGone, boolean messageDeleted) {}

    private final SlackApi api;
    private final Secret adminToken;
    private final Secret botToken;
    private final boolean deleteMessage;

    private final ModerationMetrics metrics;
    private final Clock clock;

    public FileRemover(SlackApi api, Secret adminToken, Secret botToken, boolean deleteMessage) {
        this(api, adminToken, botToken, deleteMessage, ModerationMetrics.NONE, Clock.systemUTC());
    }

    public FileRemover(
            SlackApi api,
            Secret adminToken,
            Secret botToken,
            boolean deleteMessage,
            ModerationMetrics metrics,
            Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.api = api;
        this.adminToken = adminToken;
        this.botToken = botToken;
        this.deleteMessage = deleteMessage;
    }

    public Result remove(ModerationRequest request, List<FileScan> scans) {
        List<String> removed = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> shownInMessage = new ArrayList<>();
        for (FileScan scan : scans) {
            if (scan.verdict() == null || scan.verdict().action() != Action.REMOVE) {
                continue;
            }
            if (scan.file() instanceof RemoteImage image) {
                // A link preview or an image block is part of the message: it goes with the message.
                shownInMessage.add(image.id());
                continue;
            }
            String id = scan.file().id();
            FilesDeleteResponse r = api.call("files.delete", adminToken, m -> m.filesDelete(b -> b.file(id)));
            if (r.isOk()) {
                removed.add(id);
            } else if ("file_deleted".equals(r.getError())) {
                gone.add(id);
            } else if ("file_not_found".equals(r.getError())) {
                // Deleted already, or invisible to the admin (a private channel or DM they are not in).
                FilesInfoResponse info = api.call("files.info", botToken, m -> m.filesInfo(b -> b.file(id)));
                if (info.isOk()) {
                    problems.add("file " + id + " is still up, but the admin token cannot see it (is the admin "
                            + "a member of <#" + request.channelId() + ">?)");
                } else if ("file_deleted".equals(info.getError())) {
                    gone.add(id);
                } else if ("file_not_found".equals(info.getError())) {
                    // Only Slack's answer for a deleted file means gone; this one also means "cannot see".
                    problems.add("file " + id + " may still be up: neither the admin token nor the bot can see it"
                            + " (are they members of <#" + request.channelId() + ">?)");
                } else {
                    problems.add("file " + id + ": " + SlackApi.describe("files.info", info));
                }
            } else {
                problems.add("file " + id + ": " + SlackApi.describe("files.delete", r));
            }
        }
        boolean messageDeleted = false;
        boolean policyDeletes = deleteMessage && problems.isEmpty() && !(removed.isEmpty() && gone.isEmpty());
        if (policyDeletes || !shownInMessage.isEmpty()) {
            var r = api.call(
                    "chat.delete",
                    adminToken,
                    m -> m.chatDelete(b -> b.channel(request.channelId()).ts(request.messageTs())));
            if (r.isOk() || "message_not_found".equals(r.getError())) {
                messageDeleted = true;
                removed.addAll(shownInMessage);
            } else {
                problems.add("message " + request.messageTs()
                        + (shownInMessage.isEmpty() ? "" : " (it shows " + shownInMessage.size() + " remote image(s))")
                        + ": " + SlackApi.describe("chat.delete", r));
            }
        }
        LOG.atInfo()
                .addKeyValue("eventId", request.eventId())
                .addKeyValue("channelId", request.channelId())
                .addKeyValue("removed", removed)
                .addKeyValue("alreadyGone", gone)
                .addKeyValue("problems", problems.size())
                .log("file removal");
        metrics.filesRemoved(
                removed.size(),
                request.receivedAt() == null ? Duration.ZERO : Duration.between(request.receivedAt(), clock.instant()));
        if (!problems.isEmpty()) {
            metrics.removalFailed();
            throw new SlackActionFailedException(
                    "Manual removal needed in <#" + request.channelId() + ">: " + String.join("; ", problems));
        }
        return new Result(removed, gone, messageDeleted);
    }
}
