package dev.imagemoderation.core.workflow;

import dev.imagemoderation.core.hash.PdqHash;
import java.util.List;
import java.util.Objects;

/**
 * What FetchImage did with one file (the {@code image} field of a scan).
 *
 * @param reason for SKIPPED/UNSCANNABLE, why; with a human {@code detail}
 * @param source {@code original} or {@code thumb_720} etc.
 * @param originalKey S3 key of the file's true original, as Slack stores it (what quarantine keeps, so
 *     that a false positive can be restored); null when it could not be kept, see {@code originalNotKept}
 * @param analysedKeys S3 keys of what the detector reads: the original itself when it can take it, else one
 *     converted JPEG, or the frames of an animated GIF chosen by content
 * @param originalNotKept why the original is not in S3 (over the size cap, download refused); null when it is
 * @param framesTotal how many frames the image has, of which {@code framesAnalysed} were judged
 * @param pdq the PDQ hash of the analysed image (its first analysed frame), hex, with {@code pdqQuality}; null
 *     when there is none (a poster-less video)
 */
public record ImageFetch(
        Status status,
        FetchReason reason,
        String detail,
        String source,
        String originalKey,
        List<String> analysedKeys,
        String sha256,
        String contentType,
        Integer width,
        Integer height,
        Integer framesAnalysed,
        String originalNotKept,
        Integer framesTotal,
        String pdq,
        Integer pdqQuality) {

    /** The three outcomes; the policy decides what each means for the file ({@code PolicyEvaluator}). */
    public enum Status {
        /** Copies are in S3 for the detector. */
        FETCHED,
        /** Not an image after all, or gone. */
        SKIPPED,
        /** An image we must not or cannot analyse. */
        UNSCANNABLE
    }

    public ImageFetch {
        Objects.requireNonNull(status, "status");
        analysedKeys = analysedKeys == null ? List.of() : List.copyOf(analysedKeys);
    }

    /** A file that was not analysed: SKIPPED or UNSCANNABLE, as the reason implies. */
    public static ImageFetch notAnalysed(FetchReason reason, String detail) {
        return new ImageFetch(
                reason.status(),
                reason,
                detail,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The analysed image's PDQ hash, or null. */
    public PdqHash pdqHash() {
        return pdq == null || pdqQuality == null ? null : PdqHash.fromHex(pdq, pdqQuality);
    }

    public boolean fetched() {
        return status == Status.FETCHED;
    }
}
