package dev.imagemoderation.core.errors;

/** The detector refused the image (invalid format, too large, bad S3 object) after our own checks passed. */
public class DetectorRejectedImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DetectorRejectedImageException(String message) {
        super(message);
    }

    public DetectorRejectedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
