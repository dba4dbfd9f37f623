package dev.imagemoderation.core.review;

import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.workflow.FileScan;
import java.util.List;

/**
 * What a finished moderation left, as its execution's output carries it and the review
 * workflow reads it back: the request, every scan with its verdict, the quarantined copies,
 * and the channel notice and the report that were posted.
 *
 * @param quarantined empty unless the moderation removed something
 * @param notice null unless a channel notice was posted
 */
public record ModerationOutcome(
        String eventId,
        String channelId,
        Action action,
        ModerationRequest request,
        List<FileScan> scans,
        List<Quarantined> quarantined,
        PostedMessage notice,
        PostedMessage report) {

    /** One original kept in quarantine. */
    public record Quarantined(String fileId, String quarantineKey) {}

    /** A message the bot posted, or why it did not. */
    public record PostedMessage(boolean sent, String channel, String ts, String skippedBecause) {}

    public ModerationOutcome {
        scans = scans == null ? List.of() : List.copyOf(scans);
        quarantined = quarantined == null ? List.of() : List.copyOf(quarantined);
    }
}
