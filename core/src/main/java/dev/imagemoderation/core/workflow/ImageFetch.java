package dev.imagemoderation.core.workflow;

/**
 * What FetchImage did with one file (the {@code image} field of a scan).
 *
 * @param status FETCHED (copies in S3), SKIPPED (not an image after all) or UNSCANNABLE (an
 *     image we must not or cannot analyse; moderators review it)
 * @param reason for SKIPPED/UNSCANNABLE, a stable name such as {@code ImageTooLarge}, {@code NotAnImage},
 *     {@code Truncated}, {@code TypeMismatch}; with a human {@code detail}
 * @param source {@code original} or {@code thumb_720} etc.
 * @param originalKey S3 key of the bytes as downloaded (what quarantine keeps)
 * @param analysedKeys S3 keys of what the detector reads: the original itself when it can take it, else one
 *     converted JPEG, or up to three frames of an animated GIF
 */
public record ImageFetch(
        String status,
        String reason,
        String detail,
        String source,
        String originalKey,
        java.util.List<String> analysedKeys,
        String sha256,
        String contentType,
        Integer width,
        Integer height,
        Integer framesAnalysed) {

    public static final String FETCHED = "FETCHED";
    public static final String SKIPPED = "SKIPPED";
    public static final String UNSCANNABLE = "UNSCANNABLE";

    public ImageFetch {
        analysedKeys = analysedKeys == null ? java.util.List.of() : java.util.List.copyOf(analysedKeys);
    }

    public static ImageFetch skipped(String reason, String detail) {
        return new ImageFetch(SKIPPED, reason, detail, null, null, null, null, null, null, null, null);
    }

    public static ImageFetch unscannable(String reason, String detail) {
        return new ImageFetch(UNSCANNABLE, reason, detail, null, null, null, null, null, null, null, null);
    }
}
