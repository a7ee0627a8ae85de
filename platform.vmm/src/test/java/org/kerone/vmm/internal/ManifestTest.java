package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The bundle's manifest as bnd wrote it (target/classes, before the tests run): what an integrator's
 * framework must offer for it to resolve.
 */
class ManifestTest {

    @Test
    void jacksonCoreIsImportedFromTheFirstVersionTheCodeRunsOnNotOnlyTheOneItIsBuiltAgainst() throws Exception {
        // given the manifest of platform.vmm
        String imports;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            imports = new Manifest(in).getMainAttributes().getValue("Import-Package");
        }
        // then a framework with jackson-core 2.13 .. 2.x resolves it (JsonParser.currentTokenLocation is from 2.13)
        assertThat(imports).contains("com.fasterxml.jackson.core;version=\"[2.13,3)\"")
                .contains("com.fasterxml.jackson.core.json;version=\"[2.13,3)\"");
    }
}
