package dev.imagemoderation.core.memory;

/** What the memory knows of an image before the detector is asked. */
public sealed interface Recalled {

    /** A moderator's decision or a bank decides; the detector is not called. */
    record Decided(Recollection recollection) implements Recalled {}

    /** The detector's labels are cached; the policy evaluates them as usual. */
    record Cached(CachedDetection entry, Recollection recollection) implements Recalled {}

    /** Nothing is known: ask the detector. */
    record Unknown() implements Recalled {}
}
