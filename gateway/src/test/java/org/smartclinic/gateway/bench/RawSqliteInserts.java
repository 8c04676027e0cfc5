package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.sqlite.SQLiteConfig;

/**
 * The ceiling the journal is compared with: a plain JDBC loop storing the same rows the gateway stored, and nothing
 * else. It copies the {@code reading} and {@code raw_capture} tables (columns and indexes, as the gateway's journal
 * has them) into a fresh SQLite file in WAL mode with {@code synchronous=FULL} and the journal's page cache on the
 * same disk, takes one reading row and its capture as the gateway wrote them, and inserts copies (a capture, then
 * its readings under new keys, pointing at the capture inserted last; one capture per reading, or per message of a
 * batch device, as the gateway keeps them) in transactions of a given number of readings. What the journal does
 * beyond that (binding, device clock, checks, JDBC calls of its own) is what the ratio measures.
 */
final class RawSqliteInserts {

    private RawSqliteInserts() {
    }

    /**
     * What a run measured.
     *
     * @param perSecond           readings inserted per second (wall clock)
     * @param cpuMicrosPerReading CPU time of the inserting thread per reading: the work, whatever else runs
     */
    record Result(double perSecond, double cpuMicrosPerReading) {
    }

    /** The two tables' definitions and one stored row of each, read from a journal. */
    private record Sample(List<String> schema, List<String> readingColumns, Object[] reading,
            List<String> captureColumns, Object[] capture) {
    }

    /** {@code n} runs of {@link #run(Path, Path, int, int, int)}, the i-th into {@code file.apply(i)}. */
    static List<Result> runs(int n, IntFunction<Path> file, Path journal, int readings, int perTransaction,
            int perCapture) throws Exception {
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(run(file.apply(i), journal, readings, perTransaction, perCapture));
        }
        return out;
    }

    /** The run of median rate. */
    static Result median(List<Result> runs) {
        List<Result> sorted = runs.stream().sorted(Comparator.comparingDouble(Result::perSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The runs' rates, slowest first. */
    static String rates(List<Result> runs) {
        return runs.stream().mapToDouble(Result::perSecond).sorted()
                .mapToObj(r -> String.format(Locale.ROOT, "%.0f", r)).collect(Collectors.joining(", "));
    }

    /** {@link #run(Path, Path, int, int, int)} with a capture per reading. */
    static Result run(Path file, Path journal, int readings, int perTransaction) throws Exception {
        return run(file, journal, readings, perTransaction, 1);
    }

    /**
     * Inserts {@code readings} copies of a reading of {@code journal} (which must hold one with a capture),
     * {@code perTransaction} per commit and one capture per {@code perCapture} readings, into {@code file}.
     */
    static Result run(Path file, Path journal, int readings, int perTransaction, int perCapture) throws Exception {
        Sample sample = sample(journal);
        Files.deleteIfExists(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // As the journal does: the driver's generated keys would add a compiled query after every insert.
        config.setGetGeneratedKeys(false);
        // As the journal's connections: 16 MiB of page cache (the default 2 MiB re-reads index pages from the file
        // once it has grown to hundreds of megabytes).
        config.setCacheSize(-16_384);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                for (String sql : sample.schema()) {
                    s.execute(sql);
                }
            }
            c.setAutoCommit(false);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpu = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            insert(c, sample, readings, perTransaction, perCapture);
            long took = System.nanoTime() - start;
            return new Result(readings * 1e9 / took, (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / readings);
        }
    }

    private static Sample sample(Path journal) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal.toAbsolutePath());
                Statement s = c.createStatement()) {
            List<String> schema = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE tbl_name IN ('raw_capture',"
                    + " 'reading') AND sql IS NOT NULL ORDER BY type DESC")) {
                while (rs.next()) {
                    schema.add(rs.getString(1));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT * FROM reading WHERE capture_id IS NOT NULL LIMIT 1")) {
                if (!r.next()) {
                    throw new IOException("no reading with a capture in " + journal);
                }
                List<String> readingColumns = columns(r.getMetaData());
                Object[] reading = values(r, readingColumns);
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM raw_capture WHERE id = ?")) {
                    ps.setObject(1, reading[readingColumns.indexOf("capture_id")]);
                    try (ResultSet rc = ps.executeQuery()) {
                        rc.next();
                        List<String> captureColumns = columns(rc.getMetaData());
                        return new Sample(schema, readingColumns, reading, captureColumns, values(rc, captureColumns));
                    }
                }
            }
        }
    }

    /** The columns but the row id. */
    private static List<String> columns(ResultSetMetaData meta) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (!meta.getColumnName(i).equals("id")) {
                out.add(meta.getColumnName(i));
            }
        }
        return out;
    }

    private static Object[] values(ResultSet rs, List<String> columns) throws SQLException {
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rs.getObject(columns.get(i));
        }
        return out;
    }

    /**
     * An insert of {@code columns}, all parameters but {@code captureId}: the capture inserted last (the highest row
     * id, one lookup), which all readings of one capture share.
     */
    private static String insertSql(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ",
                columns.stream().map(x -> x.equals("capture_id") ? "(SELECT MAX(id) FROM raw_capture)" : "?")
                        .toList()) + ")";
    }

    private static void insert(Connection c, Sample sample, int readings, int perTransaction, int perCapture)
            throws SQLException {
        int key = sample.readingColumns().indexOf("reading_key");
        int capture = sample.readingColumns().indexOf("capture_id");
        try (PreparedStatement cap = c.prepareStatement(insertSql("raw_capture", sample.captureColumns()));
                PreparedStatement rd = c.prepareStatement(insertSql("reading", sample.readingColumns()))) {
            for (int i = 0; i < readings; i++) {
                if (i % perCapture == 0) {
                    for (int j = 0; j < sample.capture().length; j++) {
                        cap.setObject(j + 1, sample.capture()[j]);
                    }
                    cap.executeUpdate();
                }
                int p = 1;
                for (int j = 0; j < sample.reading().length; j++) {
                    if (j != capture) {
                        rd.setObject(p++, j == key ? "raw-" + i : sample.reading()[j]);
                    }
                }
                rd.executeUpdate();
                if ((i + 1) % perTransaction == 0) {
                    c.commit();
                }
            }
            c.commit();
        }
    }
}
