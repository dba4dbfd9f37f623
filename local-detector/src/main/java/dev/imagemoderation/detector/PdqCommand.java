package dev.imagemoderation.detector;

import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.hash.PdqHasher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * {@code detector.sh pdq [--dihedral] IMAGE...}: prints {@code hash quality file} per image, as Meta's PDQ tools
 * do, so that a hash can be put in a bank or checked against another implementation. With {@code --dihedral},
 * the eight rotations and flips, one line each, the orientation after the file.
 */
final class PdqCommand {

    private PdqCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean dihedral = false;
        int status = 0;
        int images = 0;
        PdqHasher hasher = new PdqHasher();
        for (String arg : args) {
            if (arg.equals("--dihedral")) {
                dihedral = true;
                continue;
            }
            images++;
            BufferedImage image;
            try {
                image = ImageIO.read(Path.of(arg).toFile());
            } catch (IOException e) {
                err.println(arg + ": cannot be read (" + e.getMessage() + ")");
                status = 1;
                continue;
            }
            if (image == null) {
                err.println(arg + ": not an image this hasher can decode");
                status = 1;
                continue;
            }
            if (dihedral) {
                for (Map.Entry<PdqHasher.Dihedral, PdqHash> e :
                        hasher.dihedral(image).entrySet()) {
                    PdqHash h = e.getValue();
                    out.println(h.hex() + " " + h.quality() + " " + arg + " "
                            + e.getKey().name().toLowerCase());
                }
            } else {
                PdqHash h = hasher.hash(image);
                out.println(h.hex() + " " + h.quality() + " " + arg);
            }
        }
        if (images == 0) {
            err.println("usage: pdq [--dihedral] IMAGE...");
            return 2;
        }
        return status;
    }
}
