package dev.imagemoderation.moderate;

import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.hash.PdqHasher;
import dev.imagemoderation.core.image.ImageBytes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * The PDQ hash of an animation or a video: its first analysed frame, which the preparer already made a small
 * JPEG. A frame that does not decode gives no hash rather than failing the scan: the hash only serves memory.
 */
final class PdqOfFrame {

    private PdqOfFrame() {}

    static PdqHash of(List<byte[]> analysed) {
        if (analysed.isEmpty()) {
            return null;
        }
        try (ImageInputStream in = ImageBytes.stream(analysed.getFirst())) {
            BufferedImage frame = ImageIO.read(in);
            return frame == null ? null : new PdqHasher().hash(frame);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
