package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars FileInstall would skip without a word are reported; bundles are left to FileInstall. */
class UnusableJarReporterTest {
    @TempDir
    Path dir;

    private final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    @Test
    void aBundleIsLeftToFileInstall() throws Exception {
        File jar = jar("good.jar", "accelerators.xor");

        assertThat(UnusableJarReporter.problem(jar)).isNull();
    }

    @Test
    void eachBadJarIsReportedOnceWhenItStoppedChangingAndAgainWhenItChanged() throws Exception {
        UnusableJarReporter reporter = new UnusableJarReporter(dir, new java.io.PrintStream(err, true));
        Path bad = Files.write(dir.resolve("x.jar"), new byte[] {1, 2, 3});
        jar("good.jar", "accelerators.xor");

        reporter.scan();
        assertThat(err.toString()).as("not reported while it may still be copied").isEmpty();
        reporter.scan();
        reporter.scan();
        assertThat(err.toString()).isEqualTo("kerone: " + bad + ": not a bundle (zip END header not found); ignored\n");
        Files.write(bad, new byte[0]);
        Files.setLastModifiedTime(bad, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        reporter.scan();
        reporter.scan();
        assertThat(err.toString()).endsWith("kerone: " + bad + ": not a bundle (empty file); ignored\n").hasLineCount(2);
    }

    @Test
    void randomBytesEmptyFilesAndJarsWithoutSymbolicNameAreReported() throws Exception {
        File random = Files.write(dir.resolve("random.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).toFile();
        File empty = Files.write(dir.resolve("empty.jar"), new byte[0]).toFile();
        File noName = jar("noname.jar", null);
        File noManifest = dir.resolve("nomanifest.jar").toFile();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noManifest.toPath()))) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            zip.write('a');
        }
        byte[] whole = Files.readAllBytes(jar("whole.jar", "accelerators.xor").toPath());
        File truncated = Files.write(dir.resolve("truncated.jar"), java.util.Arrays.copyOf(whole, whole.length / 2)).toFile();

        assertThat(UnusableJarReporter.problem(random)).isEqualTo("zip END header not found");
        assertThat(UnusableJarReporter.problem(empty)).isEqualTo("empty file");
        assertThat(UnusableJarReporter.problem(noName)).isEqualTo("its manifest has no Bundle-SymbolicName");
        assertThat(UnusableJarReporter.problem(noManifest)).isEqualTo("no META-INF/MANIFEST.MF");
        assertThat(UnusableJarReporter.problem(truncated)).isNotNull();
    }

    private File jar(String name, String symbolicName) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("org/x/A.class"));
            jar.write(new byte[200]);
        }
        return file.toFile();
    }
}
