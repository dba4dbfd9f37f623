package dev.imagemoderation.core.workflow;

/**
 * Why FetchImage did not analyse a file. The constants are written as they appear in the execution
 * history and the moderators' report (Jackson writes an enum by name), so they read like error codes.
 */
public enum FetchReason {
    /** Slack no longer has the file: nothing is shown, nothing to do. */
    FileGone(ImageFetch.Status.SKIPPED),
    /** Not an image after all (files.info says so). */
    NotAnImage(ImageFetch.Status.SKIPPED),
    /** Over the detector's or the download's limits (a decompression bomb among them). */
    ImageTooLarge(ImageFetch.Status.UNSCANNABLE),
    /** An image format this runtime cannot decode. */
    UnsupportedFormat(ImageFetch.Status.UNSCANNABLE),
    /** The content is not the image it claims to be. */
    TypeMismatch(ImageFetch.Status.UNSCANNABLE),
    /** The file ends before its end marker. */
    Truncated(ImageFetch.Status.UNSCANNABLE),
    /** The bytes cannot be decoded. */
    Corrupt(ImageFetch.Status.UNSCANNABLE),
    /** Zero bytes. */
    Empty(ImageFetch.Status.UNSCANNABLE),
    /** A URL that is not Slack's URL for the file id it came with (a forged message): nothing is downloaded. */
    UrlMismatch(ImageFetch.Status.UNSCANNABLE),
    /**
     * A remote image whose URL or redirect leads where the bot must not fetch from: not https, or a
     * loopback, private, link-local or metadata address. Nothing was sent there.
     */
    AddressRefused(ImageFetch.Status.UNSCANNABLE),
    /**
     * A remote image its host would not give us (an error status, a timeout, a name that does not
     * resolve). Slack may still show its own cached copy, so a person looks.
     */
    RemoteUnavailable(ImageFetch.Status.UNSCANNABLE),
    /** Fetching or analysing the file failed for good (the workflow names the error); the other files go on. */
    ScanFailed(ImageFetch.Status.UNSCANNABLE);

    private final ImageFetch.Status status;

    FetchReason(ImageFetch.Status status) {
        this.status = status;
    }

    /** The outcome this reason leads to: SKIPPED or UNSCANNABLE. */
    public ImageFetch.Status status() {
        return status;
    }

    /** True when another source (a Slack thumbnail) may still be analysed where this one could not. */
    public boolean anotherSourceMayDo() {
        return this == ImageTooLarge || this == UnsupportedFormat;
    }
}
