package dev.imagemoderation.moderate;

import dev.imagemoderation.core.hash.PdqHash;
import java.util.List;

/**
 * What the detector will read: the original bytes when it can take them as they are,
 * else one JPEG per analysed frame (conversions, upscaling, GIF frames).
 *
 * @param frames how many frames are analysed
 * @param framesTotal how many the image has (1 for a still image)
 * @param pdq the PDQ hash of the decoded still image; null when it is to be taken from the first analysed frame
 */
record PreparedImage(
        ImageFormat format,
        List<byte[]> analysed,
        String analysedType,
        int width,
        int height,
        int frames,
        boolean originalReused,
        int framesTotal,
        PdqHash pdq) {

    PreparedImage(
            ImageFormat format,
            List<byte[]> analysed,
            String analysedType,
            int width,
            int height,
            int frames,
            boolean originalReused,
            int framesTotal) {
        this(format, analysed, analysedType, width, height, frames, originalReused, framesTotal, null);
    }
}
