package org.smartclinic.drivers.testkit;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.smartclinic.drivers.spi.HostOrder;
import org.smartclinic.drivers.spi.HostQueries;
import org.smartclinic.drivers.spi.InboundMessage;

/**
 * One test vector for a driver: device input in, expected outcomes out. Text format, one scenario per file:
 * <pre>
 *   # Comment lines start with '#'; blank lines are ignored. No comments at the end of a line.
 *   zone: Europe/Berlin              the device clock's zone (DriverContext.deviceZone); default UTC
 *   option: accept-lone-lf=true      a device option; repeatable
 *
 *   in: $S,0001,20261123101500,READY*47&lt;CR&gt;&lt;LF&gt;     stream drivers: device bytes
 *   in: more bytes                   'in:' lines are concatenated; no line end is added
 *   timer: astm.receiver.frame       stream drivers: the driver's timer of that name fires here, after the bytes
 *                                    before it (rendered 'out: timer NAME fired', or '... not armed' and nothing
 *                                    fired when the driver had not armed it)
 *   host: 4711000017 patient=P-1 family=Doe given=Jane birth=1980-01-31 sex=F tests=HBA1C,CRP
 *                                    what the clinic knows about a sample, for host queries (DriverContext.hosts);
 *                                    family, given, birth and tests may be left out
 *   wait:                            stream drivers: the device waits for the gateway's answer here, so the bytes
 *                                    after it come in a later call; renders nothing. The runner splits input only
 *                                    between 'timer:' and 'wait:' lines (a conversation keeps its causality)
 *   wait: 1s                         the same, and a replaying device stays quiet that long (500ms, 2s, ...) after
 *                                    the answers so far: its answer timeout, when the vector says an answer was
 *                                    lost and the device sends the frame again
 *
 *   source: clinic/iot-1/vitals      message drivers: the topic or file name of the messages that follow
 *   attribute: mqtt.duplicate=false  a transport attribute of the messages that follow; repeatable
 *   message: {"a":1}                 one whole message on one line
 *   message&lt;&lt;                        a whole message over several lines, up to a line that is exactly '&gt;&gt;';
 *   line one                           each line ends in LF (CR LF with 'eol: crlf' before it)
 *   &gt;&gt;
 *
 *   out: accepted ack=&lt;ACK&gt; nak=&lt;NAK&gt;       one 'out:' line per outcome, in order;
 *     frame: [$S,0001,...]            indented lines continue it
 * </pre>
 * Input text is escaped as {@link EscapedBytes} reads it ({@code <CR>}, {@code <LF>}, {@code <xHH>}, ...); single
 * lines are stripped at both ends (write a space at either end as {@code <x20>}). The expected lines are compared,
 * stripped of indentation, with what {@link OutcomeText} renders; a file without {@code out:} lines is a failure
 * that prints that rendering for a person to check and paste in. A vector has {@code in:} lines or messages,
 * never both.
 *
 * <p>Simulator twins use vectors too: {@link #input()} is what a device sends and {@link #expectedAnswers()} what
 * it must get back when every reading is stored.
 *
 * @param name     file name, for messages
 * @param zone     device zone
 * @param options  device options
 * @param input    device bytes of a stream vector; empty for a message vector
 * @param messages the messages of a message vector, with {@code receivedAt} unset (epoch); empty for a stream
 * @param expected expected lines, stripped; empty when the file has no expectations yet
 * @param timers   timers a stream vector fires, in order of their input offsets
 * @param hosts    the clinic's orders by sample id, answering the driver's host queries
 */
public record DriverVector(String name, ZoneId zone, Map<String, String> options, byte[] input,
        List<InboundMessage> messages, List<String> expected, List<Timer> timers, Map<String, HostOrder> hosts) {

    /** The host queries a driver under this vector gets. */
    public HostQueries hostQueries() {
        return sample -> Optional.ofNullable(hosts.get(sample));
    }

    /**
     * A timer firing, or a wait, between two parts of a stream vector's input.
     *
     * @param at    the input offset: it fires once the bytes before it were fed
     * @param name  the timer's name as the driver armed it; empty for a {@code wait:} (nothing fires)
     * @param pause for a {@code wait: DURATION}, how long a device replaying the vector stays quiet here (its answer
     *              timeout, when the vector says an answer was lost); zero otherwise
     */
    public record Timer(int at, String name, java.time.Duration pause) {
        public Timer(int at, String name) {
            this(at, name, java.time.Duration.ZERO);
        }
    }

    /** True if this vector feeds whole messages rather than a byte stream. */
    public boolean isMessages() {
        return !messages.isEmpty();
    }

    /**
     * The bytes a device sending {@link #input()} gets back when all goes well: each accepted frame's
     * {@code ack}, each rejection's {@code answer}, in order, read from the expectations.
     */
    public byte[] expectedAnswers() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : expected) {
            String answer = line.startsWith("out: accepted ") ? field(line, "ack=")
                    : line.startsWith("out: rejected ") ? field(line, "answer=") : "none";
            if (!answer.equals("none")) {
                out.writeBytes(EscapedBytes.parse(answer));
            }
        }
        return out.toByteArray();
    }

    private static String field(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            return "none";
        }
        int end = line.indexOf(' ', at);
        return line.substring(at + key.length(), end < 0 ? line.length() : end);
    }

    public static DriverVector parse(String name, String text) {
        return new Parser(name).parse(text);
    }

    /** Reads the text format line by line. */
    private static final class Parser {
        private final String name;
        private ZoneId zone = ZoneOffset.UTC;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final ByteArrayOutputStream input = new ByteArrayOutputStream();
        private final List<InboundMessage> messages = new ArrayList<>();
        private final List<String> expected = new ArrayList<>();
        private final List<Timer> timers = new ArrayList<>();
        private final Map<String, HostOrder> hosts = new LinkedHashMap<>();
        private String source = "vector";
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String eol = "\n";

        Parser(String name) {
            this.name = name;
        }

        DriverVector parse(String text) {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                i = line(lines, i, name + " line " + (i + 1) + ": ");
            }
            if (input.size() == 0 && messages.isEmpty()) {
                throw new IllegalArgumentException(name + ": no 'in:' or 'message' line");
            }
            if (input.size() > 0 && !messages.isEmpty()) {
                throw new IllegalArgumentException(name + ": a vector has 'in:' lines or messages, not both");
            }
            if (!timers.isEmpty() && !messages.isEmpty()) {
                throw new IllegalArgumentException(name + ": 'timer:' lines belong to stream vectors");
            }
            return new DriverVector(name, zone, Map.copyOf(options), input.toByteArray(), List.copyOf(messages),
                    List.copyOf(expected), List.copyOf(timers), Map.copyOf(hosts));
        }

        /** Handles line {@code i}; returns the index of the last line it consumed. */
        private int line(String[] lines, int i, String where) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                return i;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (expected.isEmpty()) {
                    throw new IllegalArgumentException(where + "indented line outside an 'out:' block");
                }
                expected.add(stripped);
            } else if (line.startsWith("out:")) {
                expected.add(stripped);
            } else if (line.startsWith("wait:")) {
                timers.add(new Timer(input.size(), "", pause(value(line, "wait:"), where)));
            } else if (line.startsWith("timer:")) {
                String timer = value(line, "timer:");
                if (timer.isEmpty()) {
                    throw new IllegalArgumentException(where + "'timer:' needs the timer's name");
                }
                timers.add(new Timer(input.size(), timer));
            } else if (line.startsWith("in:")) {
                input.writeBytes(EscapedBytes.parse(value(line, "in:")));
            } else if (line.equals("message<<")) {
                return heredoc(lines, i, where);
            } else if (line.startsWith("message:")) {
                message(EscapedBytes.parse(value(line, "message:")));
            } else {
                setting(line, where);
            }
            return i;
        }

        /** A {@code wait:} line's pause: empty = none, else a whole number of {@code ms} or {@code s}. */
        private static java.time.Duration pause(String text, String where) {
            if (text.isEmpty()) {
                return java.time.Duration.ZERO;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(ms|s)").matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "'wait:' takes nothing or a pause like 500ms or 2s");
            }
            long n = Long.parseLong(m.group(1));
            return m.group(2).equals("s") ? java.time.Duration.ofSeconds(n) : java.time.Duration.ofMillis(n);
        }

        private void setting(String line, String where) {
            if (line.startsWith("zone:")) {
                zone = ZoneId.of(value(line, "zone:"));
            } else if (line.startsWith("option:")) {
                String[] kv = pair(value(line, "option:"), where, "option: key=value");
                options.put(kv[0], kv[1]);
            } else if (line.startsWith("host:")) {
                host(value(line, "host:"), where);
            } else if (line.startsWith("source:")) {
                source = value(line, "source:");
            } else if (line.startsWith("attribute:")) {
                String[] kv = pair(value(line, "attribute:"), where, "attribute: key=value");
                attributes.put(kv[0], kv[1]);
            } else if (line.startsWith("eol:")) {
                eol = switch (value(line, "eol:")) {
                    case "lf" -> "\n";
                    case "crlf" -> "\r\n";
                    default -> throw new IllegalArgumentException(where + "eol is lf or crlf");
                };
            } else {
                throw new IllegalArgumentException(where + "expected '#', 'zone:', 'option:', 'in:', 'source:', "
                        + "'attribute:', 'eol:', 'message:', 'message<<', 'out:' or an indented continuation, got '"
                        + line + "'");
            }
        }

        private void host(String text, String where) {
            String[] parts = text.split("\\s+");
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = pair(parts[i], where, "host: SAMPLE key=value ...");
                kv.put(pair[0], pair[1]);
            }
            String tests = kv.getOrDefault("tests", "");
            hosts.put(parts[0], new HostOrder(parts[0], kv.getOrDefault("patient", ""), kv.get("family"),
                    kv.get("given"), kv.containsKey("birth") ? LocalDate.parse(kv.get("birth")) : null,
                    kv.getOrDefault("sex", "U"), tests.isEmpty() ? List.of() : List.of(tests.split(","))));
        }

        private int heredoc(String[] lines, int start, String where) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = start + 1; i < lines.length; i++) {
                if (lines[i].equals(">>")) {
                    message(body.toByteArray());
                    return i;
                }
                body.writeBytes(EscapedBytes.parse(lines[i] + eol.replace("\r", "<CR>").replace("\n", "<LF>")));
            }
            throw new IllegalArgumentException(where + "'message<<' without its closing '>>' line");
        }

        private void message(byte[] payload) {
            messages.add(new InboundMessage(source, payload, java.time.Instant.EPOCH, attributes));
        }

        private static String value(String line, String key) {
            return line.substring(key.length()).strip();
        }

        private static String[] pair(String text, String where, String form) {
            String[] kv = text.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(where + "expected '" + form + "'");
            }
            return new String[] {kv[0].strip(), kv[1].strip()};
        }
    }
}
