package dev.imagemoderation.moderate;

import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.hash.PdqHasher;
import dev.imagemoderation.core.image.CmykJpeg;
import dev.imagemoderation.core.image.ImageBytes;
import dev.imagemoderation.core.image.RgbCanvas;
import dev.imagemoderation.core.image.Truncation;
import dev.imagemoderation.core.workflow.AnimationBudget;
import dev.imagemoderation.core.workflow.FetchReason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Checks downloaded bytes and prepares what the detector reads. The checks come before
 * any decoding: the format is sniffed, the dimensions are read from the header (a
 * 30,000 × 30,000 PNG of a few KB is refused without allocating its pixels), and a
 * missing end marker means a truncated file.
 */
final class ImagePreparer {

    private static final float JPEG_QUALITY = 0.92f;

    /** Frames of one animation (GIF, APNG, WebP) that are read at all; beyond, it is not scanned (and so reviewed). */
    static final int MAX_ANIMATION_FRAMES = 2_000;

    /**
     * Pixels of one animation that are composited at all, frames times screen: about two seconds of work
     * here (a 200-frame 480 × 360 GIF, 35 MP, takes 150 ms), so a small file cannot buy minutes.
     */
    static final long MAX_ANIMATION_PIXELS_EXAMINED = 500L * 1000 * 1000;

    private final AnimationBudget budget;

    ImagePreparer() {
        this(AnimationBudget.DEFAULT);
    }

    ImagePreparer(AnimationBudget budget) {
        this.budget = budget;
    }

    /**
     * @param claimed the format Slack says the file has, or null for a thumbnail (Slack made it)
     */
    PreparedImage prepare(byte[] bytes, ImageFormat claimed) throws ImageRejectedException {
        if (bytes.length == 0) {
            throw new ImageRejectedException(FetchReason.Empty, "the file has no bytes");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        boolean claimsMedia = claimed != null && (claimed.isImage() || claimed.isVideo());
        if (!format.isImage() && !format.isVideo()) {
            throw new ImageRejectedException(
                    FetchReason.TypeMismatch,
                    "the content is not an image"
                            + (claimsMedia ? " although it claims to be " + claimed.mimetype() : ""));
        }
        if (claimsMedia && claimed != format) {
            throw new ImageRejectedException(
                    FetchReason.TypeMismatch,
                    "the content is " + format.mimetype() + " but claims to be " + claimed.mimetype());
        }
        if (format.isVideo()) {
            return video(bytes, format);
        }
        if (!format.javaDecodable()) {
            throw new ImageRejectedException(
                    FetchReason.UnsupportedFormat, format.mimetype() + " cannot be decoded here");
        }
        if (Truncation.isTruncated(bytes)) {
            throw new ImageRejectedException(
                    FetchReason.Truncated, "the " + format.mimetype() + " file ends before its end marker");
        }
        try (ImageInputStream in = ImageBytes.stream(bytes)) {
            ImageReader reader = reader(in, format);
            try {
                reader.setInput(in, false, false);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkDimensions(w, h);
                if (format == ImageFormat.GIF) {
                    return gif(reader, format);
                }
                if (format == ImageFormat.PNG && Apng.isAnimated(bytes)) {
                    return apng(bytes, format, w, h);
                }
                if (format == ImageFormat.WEBP && AnimatedWebp.isAnimated(bytes)) {
                    FrameSelector selector = new FrameSelector(budget);
                    int count = AnimatedWebp.compose(bytes, reader, w, h, maxAnimationFrames(w, h), selector::offer);
                    return animation(format, selector, count);
                }
                Decoded decoded = decode(reader, bytes, format);
                BufferedImage image = decoded.image();
                boolean reusable = format.rekognitionNative()
                        && bytes.length <= ImageLimits.MAX_DETECTOR_BYTES
                        && Math.min(w, h) >= ImageLimits.MIN_SIDE
                        && !decoded.colourConverted()
                        && isPlain8Bit(image);
                // Hashed as decoded, before any fitting: the same photo re-encoded or resized hashes alike.
                PdqHash pdq = new PdqHasher().hash(image);
                if (reusable) {
                    return new PreparedImage(format, List.of(bytes), format.mimetype(), w, h, 1, true, 1, pdq);
                }
                BufferedImage rgb = normalise(image);
                Fitted analysed = fitJpeg(rgb);
                return new PreparedImage(
                        format,
                        List.of(analysed.jpeg()),
                        "image/jpeg",
                        analysed.width(),
                        analysed.height(),
                        1,
                        false,
                        1,
                        pdq);
            } finally {
                reader.dispose();
            }
        } catch (OutOfMemoryError | StackOverflowError e) {
            // A decoder's Error must not kill the task: the allocation that failed is garbage already.
            throw new ImageRejectedException(
                    FetchReason.ImageTooLarge,
                    "decoding the " + format.mimetype() + " file needed more than this task can give ("
                            + e.getClass().getSimpleName() + ")");
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(
                    FetchReason.Corrupt,
                    "the " + format.mimetype() + " file cannot be decoded ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    static void checkDimensions(int w, int h) throws ImageRejectedException {
        if (w <= 0 || h <= 0) {
            throw new ImageRejectedException(FetchReason.Corrupt, "the header gives no dimensions");
        }
        if (w > ImageLimits.MAX_SIDE || h > ImageLimits.MAX_SIDE || (long) w * h > ImageLimits.MAX_PIXELS) {
            throw new ImageRejectedException(
                    FetchReason.ImageTooLarge,
                    w + " × " + h + " pixels is over the limit of " + ImageLimits.MAX_SIDE + " a side and "
                            + ImageLimits.MAX_PIXELS / 1_000_000 + " megapixels");
        }
    }

    private static ImageReader reader(ImageInputStream in, ImageFormat format) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("no reader for " + format);
        }
        return readers.next();
    }

    /** A JPEG that fits the detector, with the size it was encoded at. */
    record Fitted(byte[] jpeg, int width, int height) {}

    /** A decoded image, and whether its colours had to be converted (so the original is not what to analyse). */
    private record Decoded(BufferedImage image, boolean colourConverted) {}

    private static Decoded decode(ImageReader reader, byte[] bytes, ImageFormat format) throws IOException {
        try {
            BufferedImage image = reader.read(0);
            // Newer JDKs decode CMYK JPEGs into a CMYK colour model whose RGB view is wrong, after
            // guessing at inversion: convert the raw stored channels ourselves.
            if (format == ImageFormat.JPEG
                    && image.getRaster().getNumBands() == 4
                    && !image.getColorModel().hasAlpha()) {
                return new Decoded(CmykJpeg.toRgb(reader.readRaster(0, null), bytes), true);
            }
            return new Decoded(image, false);
        } catch (IIOException e) {
            // Older JDKs refuse CMYK and YCCK JPEGs as "Unsupported Image Type"; their raster still reads.
            if (format == ImageFormat.JPEG) {
                Raster raster = reader.readRaster(0, null);
                if (raster.getNumBands() == 4) {
                    return new Decoded(CmykJpeg.toRgb(raster, bytes), true);
                }
            }
            throw e;
        }
    }

    /**
     * The frames {@link FrameSelector} chooses by content, each composited as a viewer shows it
     * (offsets, and each frame's disposal: kept, cleared to the background, or the canvas restored).
     * An animation with more frames than {@link #maxAnimationFrames} allows is not scanned, so it goes to the
     * moderators rather than hiding a frame past the end of what is read.
     */
    private PreparedImage gif(ImageReader reader, ImageFormat format) throws IOException, ImageRejectedException {
        int count = reader.getNumImages(true);
        if (count <= 0) {
            throw new ImageRejectedException(FetchReason.Corrupt, "the GIF has no frames");
        }
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        IIOMetadata streamMeta = reader.getStreamMetadata();
        if (streamMeta != null) {
            Node screen = child(streamMeta.getAsTree("javax_imageio_gif_stream_1.0"), "LogicalScreenDescriptor");
            if (screen != null) {
                width = Math.max(width, intAttr(screen, "logicalScreenWidth"));
                height = Math.max(height, intAttr(screen, "logicalScreenHeight"));
            }
        }
        checkDimensions(width, height);
        int examined = maxAnimationFrames(width, height);
        if (count > examined) {
            throw new ImageRejectedException(
                    FetchReason.ImageTooLarge,
                    "the GIF has " + count + " frames of " + width + " × " + height + " pixels, more than the "
                            + examined + " that are examined at that size");
        }
        AnimationCanvas canvas = new AnimationCanvas(width, height);
        FrameSelector selector = new FrameSelector(budget);
        for (int i = 0; i < count; i++) {
            // Each frame declares its own size; a tiny file can declare a frame of billions of pixels.
            int fw = reader.getWidth(i);
            int fh = reader.getHeight(i);
            if (fw > width || fh > height) {
                throw new ImageRejectedException(
                        FetchReason.ImageTooLarge,
                        "GIF frame " + i + " declares " + fw + " × " + fh + " pixels, larger than its " + width + " × "
                                + height + " screen");
            }
            BufferedImage frame = reader.read(i);
            Node tree = reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
            Node desc = child(tree, "ImageDescriptor");
            Node control = child(tree, "GraphicControlExtension");
            AnimationCanvas.Dispose dispose = switch (control == null ? "none" : attr(control, "disposalMethod")) {
                case "restoreToBackgroundColor" -> AnimationCanvas.Dispose.BACKGROUND;
                case "restoreToPrevious" -> AnimationCanvas.Dispose.PREVIOUS;
                default -> AnimationCanvas.Dispose.NONE;
            };
            int left = desc == null ? 0 : intAttr(desc, "imageLeftPosition");
            int top = desc == null ? 0 : intAttr(desc, "imageTopPosition");
            canvas.show(i, frame, left, top, true, dispose, selector::offer);
        }
        return animation(format, selector, count);
    }

    /** An animated PNG's frames, rebuilt and composited by {@link Apng}, chosen as a GIF's are. */
    private PreparedImage apng(byte[] bytes, ImageFormat format, int width, int height)
            throws IOException, ImageRejectedException {
        int maxFrames = maxAnimationFrames(width, height);
        FrameSelector selector = new FrameSelector(budget);
        int count = Apng.compose(bytes, width, height, maxFrames, selector::offer);
        return animation(format, selector, count);
    }

    /** A video's frames, sampled by {@link VideoFrames} and chosen by content as an animation's are. */
    private PreparedImage video(byte[] bytes, ImageFormat format) throws ImageRejectedException {
        FrameSelector selector = new FrameSelector(budget);
        try {
            int count = VideoFrames.sample(bytes, selector);
            return animation(format, selector, count);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new ImageRejectedException(
                    FetchReason.ImageTooLarge,
                    "decoding the video needed more than this task can give ("
                            + e.getClass().getSimpleName() + ")");
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(FetchReason.Corrupt, "the video does not decode: " + e.getMessage());
        }
    }

    /** Frames of an animation of this size that are examined: the frame cap, and the pixel cap over all of them. */
    private static int maxAnimationFrames(int width, int height) {
        return (int)
                Math.max(1, Math.min(MAX_ANIMATION_FRAMES, MAX_ANIMATION_PIXELS_EXAMINED / ((long) width * height)));
    }

    private static PreparedImage animation(ImageFormat format, FrameSelector selector, int count) {
        FrameSelector.Selection chosen = selector.selection();
        List<byte[]> frames = chosen.frames().stream().map(Fitted::jpeg).toList();
        Fitted first = chosen.frames().getFirst();
        return new PreparedImage(
                format, frames, "image/jpeg", first.width(), first.height(), frames.size(), false, count);
    }

    /**
     * 8-bit RGB, alpha composited on white, scaled so that the short side reaches the detector's minimum
     * and the long side stays within {@link ImageLimits#MAX_ANALYSED_SIDE}; an image too thin for both
     * (1 × 800) is padded with white to the minimum instead of being stretched to 80 × 64,000.
     */
    static BufferedImage normalise(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double up = Math.min(w, h) < ImageLimits.MIN_SIDE ? (double) ImageLimits.MIN_SIDE / Math.min(w, h) : 1.0;
        double cap = (double) ImageLimits.MAX_ANALYSED_SIDE / Math.max(w, h);
        double scale = Math.min(up, cap);
        int sw = Math.max(1, (int) Math.ceil(w * scale));
        int sh = Math.max(1, (int) Math.ceil(h * scale));
        if (sw >= ImageLimits.MIN_SIDE && sh >= ImageLimits.MIN_SIDE) {
            return RgbCanvas.draw(image, sw, sh);
        }
        BufferedImage padded = new BufferedImage(
                Math.max(sw, ImageLimits.MIN_SIDE), Math.max(sh, ImageLimits.MIN_SIDE), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = padded.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, padded.getWidth(), padded.getHeight());
        g.drawImage(RgbCanvas.draw(image, sw, sh), (padded.getWidth() - sw) / 2, (padded.getHeight() - sh) / 2, null);
        g.dispose();
        return padded;
    }

    /**
     * A JPEG within Rekognition's 15 MB: a 7000 × 7000 1-bit BMP is 6 MB but can encode to about 49 MB.
     * Lower quality first, then halve the pixels, until it fits.
     */
    static Fitted fitJpeg(BufferedImage rgb) throws IOException {
        BufferedImage current = rgb;
        while (true) {
            for (float quality : new float[] {JPEG_QUALITY, 0.75f, 0.5f}) {
                byte[] bytes = jpeg(current, quality);
                if (bytes.length <= ImageLimits.MAX_DETECTOR_BYTES) {
                    return new Fitted(bytes, current.getWidth(), current.getHeight());
                }
            }
            if (Math.min(current.getWidth(), current.getHeight()) / 2 < ImageLimits.MIN_SIDE) {
                throw new IOException("no JPEG of this image fits the detector's limit");
            }
            current = RgbCanvas.draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
    }

    private static byte[] jpeg(BufferedImage rgb, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static boolean isPlain8Bit(BufferedImage image) {
        var cm = image.getColorModel();
        for (int i = 0; i < cm.getNumComponents(); i++) {
            if (cm.getComponentSize(i) != 8) {
                return false;
            }
        }
        if (cm.hasAlpha()) {
            return false; // transparent pixels are composited on white rather than left to the detector
        }
        return cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
                || cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private static String attr(Node node, String name) {
        Node a = node.getAttributes().getNamedItem(name);
        return a == null ? "" : a.getNodeValue();
    }

    private static int intAttr(Node node, String name) {
        Node a = node.getAttributes().getNamedItem(name);
        return a == null ? 0 : Integer.parseInt(a.getNodeValue());
    }
}
