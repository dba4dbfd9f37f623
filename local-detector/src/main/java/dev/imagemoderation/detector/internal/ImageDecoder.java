package dev.imagemoderation.detector.internal;

import dev.imagemoderation.core.image.CmykJpeg;
import dev.imagemoderation.core.image.ImageBytes;
import dev.imagemoderation.core.image.RgbCanvas;
import dev.imagemoderation.core.image.Truncation;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes what a caller sends into 8-bit RGB. Here we deliberately do better than
 * nsfwjs, whose browser path takes pixels as the browser hands them: the EXIF orientation
 * is applied (a rotated phone photo is classified upright), CMYK JPEGs and 16-bit PNGs are
 * converted, transparency is composited on white and greyscale is expanded to RGB.
 */
public final class ImageDecoder {

    /** Not an image we can decode. */
    public static class UndecodableException extends Exception {

        private static final long serialVersionUID = 1L;

        public UndecodableException(String message) {
            super(message);
        }
    }

    /** Declared dimensions over the limits, refused before decoding. */
    public static final class TooLargeException extends UndecodableException {

        private static final long serialVersionUID = 1L;

        public TooLargeException(String message) {
            super(message);
        }
    }

    /** Rekognition's own limits, as FetchImage applies them. */
    static final int MAX_SIDE = 10_000;

    static final long MAX_PIXELS = 50_000_000L;

    private ImageDecoder() {}

    public static BufferedImage decode(byte[] bytes) throws UndecodableException {
        if (Truncation.isTruncated(bytes)) {
            throw new UndecodableException("the image ends before its end marker (truncated)");
        }
        BufferedImage image;
        try (ImageInputStream in = ImageBytes.stream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UndecodableException("not an image format this detector reads (JPEG, PNG, GIF, BMP, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, false);
                // The header's size is checked before a pixel is decoded (a decompression bomb is small).
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    throw new TooLargeException(w + " x " + h + " pixels is over the limit of " + MAX_SIDE
                            + " a side and " + MAX_PIXELS / 1_000_000 + " megapixels");
                }
                image = reader.read(0, intRgbWhereOffered(reader));
                if (image.getRaster().getNumBands() == 4
                        && !image.getColorModel().hasAlpha()) {
                    image = CmykJpeg.toRgb(reader.readRaster(0, null), bytes);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UndecodableException(
                    "the image cannot be decoded (" + e.getClass().getSimpleName() + ")");
        }
        return orient(toRgb(image), ExifOrientation.of(bytes));
    }

    /** Decoding straight into INT_RGB, where the reader can, saves a copy of every pixel afterwards. */
    private static ImageReadParam intRgbWhereOffered(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            ImageTypeSpecifier type = types.next();
            if (type.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
                param.setDestinationType(type);
                break;
            }
        }
        return param;
    }

    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        return RgbCanvas.draw(image, image.getWidth(), image.getHeight());
    }

    /** Applies EXIF orientation 1..8 (mirrors and rotations). */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> {
                t.translate(w, 0);
                t.scale(-1, 1);
            }
            case 3 -> {
                t.translate(w, h);
                t.rotate(Math.PI);
            }
            case 4 -> {
                t.translate(0, h);
                t.scale(1, -1);
            }
            case 5 -> {
                t.rotate(-Math.PI / 2);
                t.scale(-1, 1);
            }
            case 6 -> {
                t.translate(h, 0);
                t.rotate(Math.PI / 2);
            }
            case 7 -> {
                t.scale(-1, 1);
                t.translate(-h, 0);
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            case 8 -> {
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            default -> {}
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }
}
