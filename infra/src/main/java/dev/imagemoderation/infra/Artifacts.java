package dev.imagemoderation.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build leaves what the stack deploys: the function jars Maven shaded into
 * {@code <module>/target/lambda.jar}, and the policy file. Found from the repository root,
 * which is where {@code cdk.json} is, whether the app runs from there or a test runs from
 * {@code infra/}.
 */
public final class Artifacts {

    private final Path root;

    public Artifacts(Path root) {
        this.root = root;
    }

    public static Artifacts locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("cdk.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "cdk.json not found above " + Path.of("").toAbsolutePath());
        }
        return new Artifacts(dir);
    }

    public Path root() {
        return root;
    }

    /** The deployment package of a function module; it must have been built. */
    public String functionJar(String module) {
        Path jar = root.resolve(module).resolve("target").resolve("lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B package -DskipTests first");
        }
        return jar.toString();
    }
}
