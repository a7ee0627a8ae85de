package org.kerone.itest;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Bitstream;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.itest.bundles.accel.TestAccelerator;
import org.kerone.itest.bundles.accel.TestAcceleratorActivator;
import org.kerone.itest.bundles.plain.NotAnAcceleratorActivator;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Bundles the tests make for themselves with TinyBundles and its bnd builder, outside the
 * framework (in a {@code @Configuration} method: TinyBundles and bndlib are on the test class path,
 * not in the container). Each is written to {@code target/test-bundles/} and its path handed to the
 * test inside the framework as a system property ({@link #option}, {@link #file}).
 */
public final class TestBundles {
    private static final File DIR = new File("target/test-bundles");

    private TestBundles() {
    }

    /**
     * An accelerator bundle ({@link TestAccelerator}) of device {@code device} at bundle version
     * {@code version}, with bitstreams {@code class=bytes,...} and {@code cyclesPerUnit} fabric
     * cycles per input byte (a unit of its jobs).
     */
    public static File accelerator(String device, String version, String bitstreams, int cyclesPerUnit) {
        TinyBundle bundle = TinyBundles.bundle()
                .addClass(TestAccelerator.class)
                .addClass(TestAcceleratorActivator.class)
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "itest.accelerator." + device)
                .setHeader(Constants.BUNDLE_VERSION, version)
                .setHeader(Constants.BUNDLE_ACTIVATOR, TestAcceleratorActivator.class.getName())
                .setHeader(TestAccelerator.DEVICE_HEADER, device)
                .setHeader(TestAccelerator.BITSTREAMS_HEADER, bitstreams)
                .setHeader(TestAccelerator.CYCLES_HEADER, Integer.toString(cyclesPerUnit));
        return write(bundle, device + "-" + version + ".jar");
    }

    /**
     * An accelerator bundle as a third party ships it: {@code type}, a DS component, with the
     * bitstreams {@code info} declares as resources next to it (what {@code ShippedBitstreamsTest}
     * writes), bundle {@code bsn} at {@code version}; bnd makes the manifest and the component XML.
     */
    public static File componentAccelerator(String bsn, String version, Class<? extends AbstractAccelerator> type, DeviceInfo info) {
        TinyBundle bundle = TinyBundles.bundle();
        // the class and the test's own classes it extends (the platform's come from its API bundles)
        for (Class<?> c = type; c.getPackageName().startsWith("org.kerone.itest."); c = c.getSuperclass()) {
            bundle.addClass(c);
        }
        bundle.setHeader(Constants.BUNDLE_SYMBOLICNAME, bsn)
                .setHeader(Constants.BUNDLE_VERSION, version);
        String folder = type.getPackageName().replace('.', '/') + "/bitstreams/";
        info.bitstreamBytes().forEach((prrClass, bytes) -> bundle.addResource(folder + prrClass + ".bit", new ByteArrayInputStream(
                Bitstream.synthetic(info.name(), info.version(), prrClass, bytes, 4096).encode())));
        return write(bundle, bsn + "-" + version + ".jar");
    }

    /** A well-formed bundle that registers a service, but no accelerator. */
    public static File notAnAccelerator() {
        TinyBundle bundle = TinyBundles.bundle()
                .addClass(NotAnAcceleratorActivator.class)
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "itest.not.an.accelerator")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_ACTIVATOR, NotAnAcceleratorActivator.class.getName());
        return write(bundle, "not-an-accelerator.jar");
    }

    /** Hands {@code file} to the test in the framework as system property {@code kerone.itest.KEY}. */
    public static Option option(String key, File file) {
        return systemProperty("kerone.itest." + key).value(file.getAbsolutePath());
    }

    /** Inside the framework: the file {@link #option} handed over as {@code key}. */
    public static File file(String key) {
        String path = System.getProperty("kerone.itest." + key);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("kerone.itest." + key + " names no test bundle (" + path + ")");
        }
        return new File(path);
    }

    private static File write(TinyBundle bundle, String name) {
        try (InputStream in = bundle.build(TinyBundles.bndBuilder())) {
            Files.createDirectories(DIR.toPath());
            File out = new File(DIR, name).getAbsoluteFile();
            Files.copy(in, out.toPath(), StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test bundle " + name, e);
        }
    }
}
