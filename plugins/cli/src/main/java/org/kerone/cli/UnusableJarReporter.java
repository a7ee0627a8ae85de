package org.kerone.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Says which jar of the deploy folder is not a bundle. FileInstall installs a jar whose manifest has a
 * Bundle-SymbolicName; any other jar (truncated, not a zip, empty, without manifest or symbolic name)
 * it skips without a word (and retries at every scan, so that a fixed file is installed). Each
 * {@link #scan} reports each such jar once per version of the file, once it stopped changing (a jar
 * being copied is not reported): {@code kerone: /srv/kerone/x.jar: not a bundle (zip END header not
 * found); ignored}.
 */
final class UnusableJarReporter {
    private final Path folder;
    private final PrintStream err;
    /** Per jar: its size and time when last seen, and whether that version was reported. */
    private final Map<Path, List<Long>> seen = new HashMap<>();
    private final Map<Path, List<Long>> reported = new HashMap<>();

    UnusableJarReporter(Path folder, PrintStream err) {
        this.folder = folder;
        this.err = err;
    }

    /** Looks at the folder's jars once. */
    synchronized void scan() {
        Map<Path, List<Long>> now = new HashMap<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                if (Files.isRegularFile(jar)) {
                    now.put(jar, List.of(Files.size(jar), Files.getLastModifiedTime(jar).toMillis()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // the folder went or cannot be read: FileInstall says so
        }
        for (Map.Entry<Path, List<Long>> jar : now.entrySet()) {
            boolean stable = jar.getValue().equals(seen.get(jar.getKey()));
            if (stable && !jar.getValue().equals(reported.get(jar.getKey()))) {
                reported.put(jar.getKey(), jar.getValue());
                String problem = problem(jar.getKey().toFile());
                if (problem != null) {
                    err.println("kerone: " + jar.getKey() + ": not a bundle (" + problem + "); ignored");
                    err.flush();
                }
            }
        }
        seen.clear();
        seen.putAll(now);
        reported.keySet().retainAll(now.keySet());
    }

    /** Why {@code jar} is not a bundle FileInstall installs, or null when it is one. */
    static String problem(File jar) {
        if (!jar.canRead()) {
            return "not readable";
        }
        if (jar.length() == 0) {
            return "empty file";
        }
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return "no META-INF/MANIFEST.MF";
            }
            String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            return name == null || name.isBlank() ? "its manifest has no Bundle-SymbolicName" : null;
        } catch (IOException | SecurityException e) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }
}
