package dev.imagemoderation.moderate;

import java.util.List;

/**
 * What the detector will read: the original bytes when it can take them as they are,
 * else one JPEG per analysed frame (conversions, upscaling, GIF frames).
 *
 * @param frames how many frames are analysed
 * @param framesTotal how many the image has (1 for a still image)
 */
record PreparedImage(
        ImageFormat format,
        List<byte[]> analysed,
        String analysedType,
        int width,
        int height,
        int frames,
        boolean originalReused,
        int framesTotal) {}
