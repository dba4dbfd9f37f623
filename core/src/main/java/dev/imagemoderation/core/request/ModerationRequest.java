package dev.imagemoderation.core.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.imagemoderation.core.slack.ScanItem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The queue message and the workflow's execution input: one Slack message event that
 * carries image files. This is a wire contract (DESIGN.md, "Contracts"); add fields,
 * never rename them, and bump {@link #SCHEMA_VERSION} on an incompatible change.
 *
 * @param enterpriseId set for Enterprise Grid workspaces
 * @param threadTs set when the message was posted in a thread
 * @param receivedAt when ingest accepted the event
 * @param files the images the message shows: Slack files, and remote images (link previews, image blocks)
 * @param dedupeKey names the execution instead of the event id when several events can show the same
 *     images: each edit of a message has its own event id, so an edit is keyed by the message and the
 *     images it adds. Null for an ordinary message event.
 */
@JsonPropertyOrder({
    "schemaVersion",
    "eventId",
    "teamId",
    "enterpriseId",
    "channelId",
    "channelType",
    "userId",
    "messageTs",
    "threadTs",
    "receivedAt",
    "dedupeKey",
    "files"
})
public record ModerationRequest(
        int schemaVersion,
        String eventId,
        String teamId,
        String enterpriseId,
        String channelId,
        String channelType,
        String userId,
        String messageTs,
        String threadTs,
        Instant receivedAt,
        List<ScanItem> files,
        String dedupeKey) {

    public static final int SCHEMA_VERSION = 1;

    public ModerationRequest {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(teamId, "teamId");
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A request keyed by its event id. */
    public ModerationRequest(
            int schemaVersion,
            String eventId,
            String teamId,
            String enterpriseId,
            String channelId,
            String channelType,
            String userId,
            String messageTs,
            String threadTs,
            Instant receivedAt,
            List<? extends ScanItem> files) {
        this(
                schemaVersion,
                eventId,
                teamId,
                enterpriseId,
                channelId,
                channelType,
                userId,
                messageTs,
                threadTs,
                receivedAt,
                files == null ? null : List.copyOf(files),
                null);
    }

    /** What the execution is named after: the dedupe key when there is one, else the event id. */
    @JsonIgnore
    public String executionKey() {
        return dedupeKey != null ? dedupeKey : eventId;
    }
}
