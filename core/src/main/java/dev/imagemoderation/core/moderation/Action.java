package dev.imagemoderation.core.moderation;

/** What happens to an image, mildest first: the order is what "strictest" means. */
public enum Action {
    ALLOW,
    REVIEW,
    REMOVE;

    public Action strictest(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
