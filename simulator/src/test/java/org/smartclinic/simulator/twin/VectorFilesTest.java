package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.testkit.DriverVector;

/** {@link VectorReplay#load}: vectors found the same way in a class-path folder and inside a jar. */
class VectorFilesTest {

    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("vectors/demo/b-second.vec", "in: $S<CR><LF>\nout: accepted ack=<ACK> nak=<NAK>\n");
        FILES.put("vectors/demo/a-first.vec", "in: x<CR><LF>\nout: rejected noise answer=none\n");
        FILES.put("vectors/demo/README.md", "not a vector\n");
        FILES.put("vectors/other/c.vec", "in: y\n");
    }

    @TempDir
    Path dir;

    @Test
    void load_fromAFolder_vecFilesOfThatDriverSortedByName() throws Exception {
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            Path file = dir.resolve("classes").resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }

        List<DriverVector> vectors = load(dir.resolve("classes").toUri().toURL());

        assertDemoVectors(vectors);
    }

    @Test
    void load_fromAJar_sameVectors() throws Exception {
        Path jar = dir.resolve("vectors.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            for (String folder : List.of("vectors/", "vectors/demo/", "vectors/other/")) {
                entries.putNextEntry(new JarEntry(folder));
                entries.closeEntry();
            }
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                entries.putNextEntry(new JarEntry(f.getKey()));
                entries.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                entries.closeEntry();
            }
        }

        assertDemoVectors(load(jar.toUri().toURL()));
        assertDemoVectors(load(jar.toUri().toURL()));
    }

    @Test
    void load_unknownDriver_ioExceptionSaysWhereItLooked() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("empty").toUri().toURL()}, null)) {
            assertThatThrownBy(() -> VectorReplay.load("nosuch", loader)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no vectors for driver 'nosuch'").hasMessageContaining("vectors/nosuch/");
        }
    }

    private static List<DriverVector> load(URL root) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, null)) {
            return VectorReplay.load("demo", loader);
        }
    }

    private static void assertDemoVectors(List<DriverVector> vectors) {
        assertThat(vectors).extracting(DriverVector::name).containsExactly("a-first.vec", "b-second.vec");
        assertThat(vectors.get(1).input()).containsExactly('$', 'S', '\r', '\n');
        assertThat(vectors.get(1).expectedAnswers()).containsExactly(0x06);
    }
}
