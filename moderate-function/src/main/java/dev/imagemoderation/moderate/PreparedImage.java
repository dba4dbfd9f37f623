package dev.imagemoderation.moderate;

import java.util.List;

/**
 * What the detector will read: the original bytes when it can take them as they are,
 * else one JPEG per analysed frame (conversions, upscaling, GIF frames).
 */
record PreparedImage(
        ImageFormat format,
        List<byte[]> analysed,
        String analysedType,
        int width,
        int height,
        int frames,
        boolean originalReused) {}
