package dev.imagemoderation.detector.internal;

/** Reads the EXIF orientation tag (0x0112) of a JPEG's APP1 segment; 1 when there is none. */
public final class ExifOrientation {

    private ExifOrientation() {}

    static int of(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return 1;
        }
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xE1
                    && length > 8
                    && i + 10 < jpeg.length
                    && jpeg[i + 4] == 'E'
                    && jpeg[i + 5] == 'x'
                    && jpeg[i + 6] == 'i'
                    && jpeg[i + 7] == 'f') {
                return fromTiff(jpeg, i + 10, Math.min(jpeg.length, i + 2 + length));
            }
            if (marker == 0xDA) {
                break;
            }
            i += 2 + length;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int start, int end) {
        if (start + 8 > end) {
            return 1;
        }
        boolean little = b[start] == 'I';
        int ifd = start + read32(b, start + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = read16(b, ifd, little);
        for (int e = 0; e < entries; e++) {
            int p = ifd + 2 + e * 12;
            if (p + 12 > end) {
                return 1;
            }
            if (read16(b, p, little) == 0x0112) {
                return read16(b, p + 8, little);
            }
        }
        return 1;
    }

    private static int read16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) : ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int read32(byte[] b, int p, boolean little) {
        return little
                ? read16(b, p, true) | (read16(b, p + 2, true) << 16)
                : (read16(b, p, false) << 16) | read16(b, p + 2, false);
    }
}
