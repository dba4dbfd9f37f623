package dev.imagemoderation.core.workflow;

import java.util.regex.Pattern;

/**
 * The Step Functions execution name of a moderation, {@code {teamId}-{eventId}}, and of a review,
 * {@code {teamId}-review-{reportTs}-{action}-{actor}}.
 * Being deterministic, it makes a Slack retry or an SQS redelivery of the same event
 * collide with the first execution instead of moderating twice.
 */
public final class ExecutionName {

    /** Step Functions allows 80 characters; we keep to the safe subset of its alphabet. */
    public static final int MAX_LENGTH = 80;

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");

    private ExecutionName() {}

    /**
     * A review's name: the report, the action and who clicked. Slack retrying a click, or a
     * moderator clicking twice, collides with the first execution. Two buttons, or two people,
     * do not, and the review workflow's claim lets only one of them act; the clicker is in the
     * name so that a refused click by a non-moderator never takes the name a moderator's needs.
     */
    public static String forReview(String teamId, String reportTs, String actionId, String actorId) {
        return of(teamId, "review-" + reportTs + "-" + actionId + "-" + actorId);
    }

    public static String of(String teamId, String eventId) {
        if (teamId == null || teamId.isBlank() || eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("teamId and eventId are required for an execution name");
        }
        String name = UNSAFE.matcher(teamId + "-" + eventId).replaceAll("_");
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }
}
