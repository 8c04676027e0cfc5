package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.smartclinic.drivers.testkit.DriverVector;

/**
 * Finds a driver's vector files, {@code vectors/<driver>/*.vec}, on the class path: a folder while developing
 * ({@code target/test-classes}), entries of the device-drivers test-jar at run time (listed through the jar's
 * zip file system; a file system someone else opened is used and left open).
 */
final class VectorFiles {

    private VectorFiles() {
    }

    static List<DriverVector> load(String driverId, ClassLoader loader) throws IOException {
        String folder = "vectors/" + driverId;
        URL url = loader.getResource(folder);
        if (url == null) {
            throw new IOException("no vectors for driver '" + driverId + "' on the class path (folder " + folder
                    + "/; is the device-drivers test-jar there?)");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("cannot read " + url + ": " + e.getMessage(), e);
        }
        if (!"jar".equals(uri.getScheme())) {
            return read(Path.of(uri));
        }
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
            return read(jar.getPath(folder));
        } catch (FileSystemAlreadyExistsException e) {
            return read(FileSystems.getFileSystem(uri).getPath(folder));
        }
    }

    /** Parses every {@code .vec} file of {@code folder}, sorted by name. */
    private static List<DriverVector> read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".vec"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
        List<DriverVector> vectors = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            vectors.add(DriverVector.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
        }
        return vectors;
    }
}
