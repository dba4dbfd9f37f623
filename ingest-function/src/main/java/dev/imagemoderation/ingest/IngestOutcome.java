package dev.imagemoderation.ingest;

import dev.imagemoderation.core.ingest.SkipReason;

/** What became of one accepted envelope. Every variant is acknowledged to Slack. */
public sealed interface IngestOutcome {

    record Challenge(String challenge) implements IngestOutcome {}

    record Queued(String eventId, String messageId, int imageFiles) implements IngestOutcome {}

    record Skipped(SkipReason reason, String detail) implements IngestOutcome {}
}
