package dev.imagemoderation.core.image;

import java.nio.charset.StandardCharsets;

/**
 * Whether a JPEG, PNG or GIF ends before its end marker. Decoders are lenient and paint the
 * missing part grey; a moderator should know the file was cut short instead.
 */
public final class Truncation {

    private Truncation() {}

    /** True for a JPEG without EOI, a PNG without IEND or a GIF without its trailer; false for other formats. */
    public static boolean isTruncated(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--; // some encoders pad with zeros after the end marker
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return end < 2 || (b[end - 2] & 0xFF) != 0xFF || (b[end - 1] & 0xFF) != 0xD9;
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return b.length < 12 || !new String(b, b.length - 8, 4, StandardCharsets.US_ASCII).equals("IEND");
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return end < 1 || b[end - 1] != 0x3B;
        }
        return false;
    }
}
