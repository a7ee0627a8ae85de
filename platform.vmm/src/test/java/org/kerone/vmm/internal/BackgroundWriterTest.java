package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

class BackgroundWriterTest {

    @Test
    void writesEverythingInOrderAcrossManyBuffers() throws IOException {
        StringWriter target = new StringWriter();
        StringBuilder expected = new StringBuilder();
        try (BackgroundWriter w = new BackgroundWriter(target, "test-trace")) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 50_000; i++) {
                line.setLength(0);
                line.append("{\"t\":").append(i).append(",\"ev\":\"x\"}\n");
                w.append(line);
                expected.append(line);
                if (i == 1234) {
                    w.flush();
                    assertThat(target.toString()).isEqualTo(expected.toString());
                }
            }
            w.write("tail".toCharArray(), 0, 4);
            expected.append("tail");
        }
        assertThat(target.toString()).hasSize(expected.length()).isEqualTo(expected.toString());
    }

    @Test
    void aFailedWriteIsReportedByTheNextCall() throws IOException {
        Writer broken = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        BackgroundWriter w = new BackgroundWriter(broken, "test-trace");
        w.append("a line\n");
        assertThatThrownBy(w::flush).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThatThrownBy(w::close).isInstanceOf(IOException.class).hasMessageContaining("disk full");
    }
}
