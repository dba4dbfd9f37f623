package dev.imagemoderation.core.review;

import dev.imagemoderation.core.memory.DecisionKind;
import dev.imagemoderation.core.moderation.Action;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a moderator can do with a report: each is a button whose {@code action_id} is
 * {@link #actionId()}, and a branch of the review workflow.
 */
public enum ReviewAction {
    /** After a removal: see the quarantined original before deciding; logged, and decides nothing. */
    VIEW("view", "View (logged)", null, "Viewed"),
    /** After a removal: put the original back where it was posted. */
    RESTORE("restore", "Restore", "primary", "Restored"),
    /** After a removal: the machine was right; record it. */
    KEEP_REMOVED("keep_removed", "Keep removed", null, "Kept removed"),
    /** After a review: remove it as the REMOVE branch would. */
    REMOVE("remove", "Remove", "danger", "Removed"),
    /** After a review: leave it up; record it. */
    ALLOW("allow", "Allow", "primary", "Allowed"),
    /** The poster, from the DM: ask the moderators to look again. */
    APPEAL("appeal", "Ask for a review", null, "Review requested"),
    /** On a failure report, once the cause is fixed: redrive the moderation from the step that failed. */
    RETRY("retry", "Retry", "primary", "Retried");

    private final String actionId;
    private final String label;
    private final String style;
    private final String done;

    ReviewAction(String actionId, String label, String style, String done) {
        this.actionId = actionId;
        this.label = label;
        this.style = style;
        this.done = done;
    }

    /** The button's {@code action_id}, and how the action is written in queue messages and histories. */
    public String actionId() {
        return actionId;
    }

    /** The button's text. */
    public String label() {
        return label;
    }

    /** Block Kit's {@code primary} or {@code danger}, or null for the default look. */
    public String style() {
        return style;
    }

    /** How the report says it was done: "Restored by @moderator". */
    public String done() {
        return done;
    }

    /**
     * The decision this action leaves in the bot's memory: a restore or an allow says the image is fine, a
     * confirmed or ordered removal says it is not. Viewing and appealing decide nothing.
     */
    public Optional<DecisionKind> remembers() {
        return switch (this) {
            case RESTORE, ALLOW -> Optional.of(DecisionKind.ALLOWED);
            case KEEP_REMOVED, REMOVE -> Optional.of(DecisionKind.REMOVAL_CONFIRMED);
            case VIEW, APPEAL, RETRY -> Optional.empty();
        };
    }

    public static Optional<ReviewAction> byActionId(String actionId) {
        return Arrays.stream(values()).filter(a -> a.actionId.equals(actionId)).findFirst();
    }

    /** Whether it decides the report: a view does not, so it takes no claim and leaves the buttons. */
    public boolean decides() {
        return this != VIEW;
    }

    /** Whether it acts on a moderation that failed (the others need one that finished). */
    public boolean onFailure() {
        return this == RETRY;
    }

    /** Whether it is the poster's, not a moderator's: only the poster of the image may take it. */
    public boolean byPoster() {
        return this == APPEAL;
    }

    /**
     * The buttons a report offers after the machine's decision: a removal can be undone or
     * confirmed, a review decided either way; an allowed image has no report to act on.
     */
    public static List<ReviewAction> offeredAfter(Action decided) {
        return switch (decided) {
            case REMOVE -> List.of(VIEW, RESTORE, KEEP_REMOVED);
            case REVIEW -> List.of(REMOVE, ALLOW);
            case ALLOW -> List.of();
        };
    }
}
