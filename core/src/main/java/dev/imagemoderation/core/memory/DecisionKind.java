package dev.imagemoderation.core.memory;

import dev.imagemoderation.core.moderation.Action;

/** What a moderator decided about an image, which the bot then applies to its reposts. */
public enum DecisionKind {
    /** Allowed (or restored) by a moderator: a repost is allowed without asking the detector. */
    ALLOWED(Action.ALLOW),
    /** A removal a moderator confirmed (Keep removed, or Remove after a review): a repost is removed on sight. */
    REMOVAL_CONFIRMED(Action.REMOVE);

    private final Action action;

    DecisionKind(Action action) {
        this.action = action;
    }

    /** What a match of this decision does to a repost. */
    public Action action() {
        return action;
    }
}
