package org.smartclinic.fhir.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the mapper's terminology tables: UTF-8 text, one row per line, columns separated by {@code |} and trimmed,
 * lines starting with {@code #} and blank lines ignored. Trailing columns may be left out (they read as empty).
 * Any shape error names the resource and line, so a bad table stops the start-up with a message a person can act on.
 */
public final class TableFile {

    /** One row; {@code where} is {@code resource:line} for messages. */
    public record Row(String where, List<String> columns) {

        /** Column {@code index} (0-based), empty when the line left it out. */
        public String column(int index) {
            return index < columns.size() ? columns.get(index) : "";
        }
    }

    private TableFile() {
    }

    /**
     * Reads resource {@code name} next to {@code anchor}.
     *
     * @throws IllegalStateException if the resource is missing or a row has fewer than {@code minColumns} or more
     *                               than {@code maxColumns} columns, or an empty first column
     */
    public static List<Row> read(Class<?> anchor, String name, int minColumns, int maxColumns) {
        String source = anchor.getPackageName().replace('.', '/') + "/" + name;
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("terminology table " + source + " is missing from the classpath");
            }
            return parse(source, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    minColumns, maxColumns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read terminology table " + source, e);
        }
    }

    static List<Row> parse(String source, BufferedReader reader, int minColumns, int maxColumns) throws IOException {
        List<Row> rows = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> columns = Arrays.stream(trimmed.split("\\|", -1)).map(String::strip).toList();
            String where = source + ":" + number;
            if (columns.size() < minColumns || columns.size() > maxColumns || columns.get(0).isEmpty()) {
                throw new IllegalStateException(where + ": expected " + minColumns + ".." + maxColumns
                        + " columns separated by '|' with a non-empty first column, got: " + trimmed);
            }
            rows.add(new Row(where, columns));
        }
        return rows;
    }
}
