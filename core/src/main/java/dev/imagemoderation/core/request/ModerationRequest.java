package dev.imagemoderation.core.request;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.imagemoderation.core.slack.SlackFile;
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
        List<SlackFile> files) {

    public static final int SCHEMA_VERSION = 1;

    public ModerationRequest {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(teamId, "teamId");
        files = files == null ? List.of() : List.copyOf(files);
    }
}
