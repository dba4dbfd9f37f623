package dev.imagemoderation.core.image;

import java.io.ByteArrayInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An image already in memory as an {@link ImageInputStream}. ImageIO's own
 * {@code createImageInputStream} would, by default, copy the bytes through a temporary file
 * on disk for every decode.
 */
public final class ImageBytes {

    private ImageBytes() {}

    public static ImageInputStream stream(byte[] bytes) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }
}
