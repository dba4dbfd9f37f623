package dev.imagemoderation.core.ingest;

import dev.imagemoderation.core.request.ModerationRequest;

/** What ingest does with one verified envelope. */
public sealed interface TriageDecision {

    /** Answer Slack's URL verification handshake with this challenge. */
    record Challenge(String challenge) implements TriageDecision {}

    /** Queue this request for moderation. */
    record Queue(ModerationRequest request) implements TriageDecision {}

    /** Acknowledge and do nothing; {@code detail} says which subtype, channel, etc. */
    record Skip(SkipReason reason, String detail) implements TriageDecision {}
}
