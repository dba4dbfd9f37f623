package dev.imagemoderation.moderate;

/** Rekognition's limits for an image read from S3, and our own guard rails. */
final class ImageLimits {

    /** Rekognition: at most 15 MB from S3. */
    static final long MAX_DETECTOR_BYTES = 15L * 1024 * 1024;
    /** Rekognition: at least 80 pixels a side; smaller images are upscaled. */
    static final int MIN_SIDE = 80;
    /** Rekognition: at most 10,000 pixels a side. */
    static final int MAX_SIDE = 10_000;
    /** The long side of a converted copy: plenty for a classifier, and a JPEG of it fits the 15 MB. */
    static final int MAX_ANALYSED_SIDE = 4096;
    /** Decoding guard: never decode more pixels than this, whatever the file size (decompression bombs). */
    static final long MAX_PIXELS = 50_000_000L;
    /** The most we ever read from Slack for one download. */
    static final long MAX_DOWNLOAD_BYTES = 50L * 1024 * 1024;
    /**
     * The largest original kept for quarantine when a thumbnail was analysed: Slack's own upload limit is
     * far higher (1 GB), but a Lambda holds it in memory; a larger one is removed and reported as not kept.
     */
    static final long MAX_ORIGINAL_BYTES = 100L * 1024 * 1024;

    private ImageLimits() {}
}
