package dev.imagemoderation.moderate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** Image (and video) formats told apart by their first bytes, never by what the sender claims. */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    WEBP("image/webp"),
    BMP("image/bmp"),
    TIFF("image/tiff"),
    HEIC("image/heic"),
    /** MP4 and QuickTime: ISO base media files, whose video JCodec decodes when it is H.264. */
    MP4("video/mp4"),
    HTML("text/html"),
    UNKNOWN("application/octet-stream");

    private final String mimetype;

    ImageFormat(String mimetype) {
        this.mimetype = mimetype;
    }

    public String mimetype() {
        return mimetype;
    }

    /** Formats Rekognition reads as they are. */
    public boolean rekognitionNative() {
        return this == JPEG || this == PNG;
    }

    /** Formats ImageIO decodes here, WebP through TwelveMonkeys (HEIC goes through Slack's thumbnails). */
    public boolean javaDecodable() {
        return this == JPEG || this == PNG || this == GIF || this == BMP || this == TIFF || this == WEBP;
    }

    public boolean isImage() {
        return this != HTML && this != UNKNOWN && this != MP4;
    }

    public boolean isVideo() {
        return this == MP4;
    }

    public static ImageFormat sniff(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return GIF;
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return WEBP;
        }
        if (ascii(b, 0, "BM") && b.length > 14) {
            return BMP;
        }
        if (starts(b, 'I', 'I', 0x2A, 0x00) || starts(b, 'M', 'M', 0x00, 0x2A)) {
            return TIFF;
        }
        if (ascii(b, 4, "ftyp") && b.length >= 12) {
            String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
            if (brand.matches("heic|heix|hevc|hevx|mif1|msf1|avif")) {
                return HEIC;
            }
            if (brand.matches("isom|iso[2-9]|mp4[12]|avc1|M4V |M4A |qt  |3gp[4-6]|dash|mmp4")) {
                return MP4;
            }
        }
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8)
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<head")) {
            return HTML;
        }
        return UNKNOWN;
    }

    /** The format a Slack {@code filetype} or mimetype claims, or UNKNOWN. */
    public static ImageFormat claimed(String mimetype, String filetype) {
        String ft = filetype == null ? "" : filetype.toLowerCase(Locale.ROOT);
        String mt = mimetype == null ? "" : mimetype.toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if ((f.isImage() || f.isVideo()) && f.mimetype.equals(mt)) {
                return f;
            }
        }
        if (mt.equals("video/quicktime") || mt.equals("video/x-m4v")) {
            return MP4;
        }
        return switch (ft) {
            case "jpg", "jpeg" -> JPEG;
            case "png" -> PNG;
            case "gif" -> GIF;
            case "webp" -> WEBP;
            case "bmp" -> BMP;
            case "tif", "tiff" -> TIFF;
            case "heic", "heif" -> HEIC;
            case "mp4", "mov", "m4v" -> MP4;
            default -> UNKNOWN;
        };
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        byte[] expected = s.getBytes(StandardCharsets.US_ASCII);
        return b.length >= offset + expected.length
                && Arrays.equals(b, offset, offset + expected.length, expected, 0, expected.length);
    }
}
