package org.smartclinic.drivers.lab.astm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.smartclinic.drivers.codec.astm.link.AstmLeniency;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.codec.astm.link.AstmRole;
import org.smartclinic.drivers.codec.astm.link.AstmSenderOptions;
import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.drivers.codec.astm.record.AstmParseOptions;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.lab.LabSetting;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.DriverOptions;

/**
 * The device options of the ASTM drivers, and how they combine with the code table into the codecs' options.
 * <ul>
 *   <li>every {@link LabSetting} (leniency switches, test code component, text limit): the device option wins,
 *       then the code table's {@code [settings]}, then the standard's default;</li>
 *   <li>timers: {@value #RECEIVE_TIMEOUT} (30 s: the analyzer's silence between frames before a transmission is
 *       incomplete), {@value #REPLY_TIMEOUT} (15 s: wait for the analyzer's ACK when answering a host query),
 *       {@value #ENQUIRY_RETRY} (10 s: wait before bidding again after a refused ENQ), {@value #HOST_BACKOFF}
 *       (20 s: wait after yielding the line to the analyzer in a contention);</li>
 *   <li>the generic driver only: {@value #CODE_TABLE}, the path of its code table file.</li>
 * </ul>
 *
 * @param receiver   the E1381 receiver's options
 * @param sender     the host-query answerer's options (role HOST)
 * @param parse      the E1394 parser's options
 * @param testCodeComponent component of R-3 and O-5 holding the test code
 */
public record AstmDriverOptions(AstmReceiverOptions receiver, AstmSenderOptions sender, AstmParseOptions parse,
        int testCodeComponent) {

    /** Option: receive timeout. */
    public static final String RECEIVE_TIMEOUT = "receive-timeout";
    /** Option: reply timeout. */
    public static final String REPLY_TIMEOUT = "reply-timeout";
    /** Option: delay before a new ENQ. */
    public static final String ENQUIRY_RETRY = "enquiry-retry";
    /** Option: contention backoff of the host. */
    public static final String HOST_BACKOFF = "host-backoff";
    /** Option of the generic driver: path of the code table file. */
    public static final String CODE_TABLE = "code-table";

    /** The options every ASTM driver declares; {@code withCodeTable} adds {@value #CODE_TABLE}. */
    public static List<DriverOption> declared(boolean withCodeTable) {
        List<DriverOption> out = new ArrayList<>();
        if (withCodeTable) {
            out.add(new DriverOption(CODE_TABLE, "", "path of the analyzer's code table file (UTF-8 text, see "
                    + "docs/astm.md); required: the driver refuses to start without a valid one"));
        }
        for (LabSetting s : LabSetting.values()) {
            out.add(new DriverOption(s.key(), s.defaultValue(), s.description()
                    + "; unset: the code table's value, else " + s.defaultValue()));
        }
        out.add(new DriverOption(RECEIVE_TIMEOUT, "30s", "how long the analyzer may stay silent within a "
                + "transmission before it counts as incomplete (LIS1-A: 30s)"));
        out.add(new DriverOption(REPLY_TIMEOUT, "15s", "how long to wait for the analyzer's answer to a frame of "
                + "a host-query answer (LIS1-A: 15s)"));
        out.add(new DriverOption(ENQUIRY_RETRY, "10s", "wait before a new ENQ after the analyzer refused or "
                + "ignored one (LIS1-A: 10s)"));
        out.add(new DriverOption(HOST_BACKOFF, "20s", "wait before bidding again after yielding the line to the "
                + "analyzer in a contention (LIS1-A: 20s)"));
        return List.copyOf(out);
    }

    /**
     * The options for a device: its option values (already checked against {@code declared}) over the table's
     * settings over the defaults.
     *
     * @throws IllegalArgumentException for a value of the wrong kind, naming the driver and the option
     */
    public static AstmDriverOptions resolve(String driverId, List<DriverOption> declared, Map<String, String> values,
            LabCodeTable table) {
        DriverOptions options = DriverOptions.read(driverId, declared, values);
        Settings s = new Settings(driverId, values, table);
        AstmLeniency leniency = new AstmLeniency(s.on(LabSetting.LOWER_CASE_CHECKSUM),
                s.on(LabSetting.LOOSE_LINE_END), s.number(LabSetting.MAX_TEXT_LENGTH),
                s.on(LabSetting.PACKED_RECORDS), s.on(LabSetting.IGNORE_CHECKSUM));
        AstmTimers timers = new AstmTimers(positive(driverId, options, REPLY_TIMEOUT),
                positive(driverId, options, RECEIVE_TIMEOUT), positive(driverId, options, ENQUIRY_RETRY),
                positive(driverId, options, HOST_BACKOFF), AstmTimers.LIS1_A.instrumentBackoff());
        int component = s.number(LabSetting.TEST_CODE_COMPONENT);
        AstmParseOptions parse = AstmParseOptions.STRICT.withTrimValues(s.on(LabSetting.TRIM_VALUES))
                .withTolerateTrailingEmptyFields(s.on(LabSetting.TOLERATE_TRAILING_EMPTY_FIELDS))
                .withAcceptLineFeeds(s.on(LabSetting.ACCEPT_LINE_FEEDS))
                .withAcceptLowerCaseTypes(s.on(LabSetting.ACCEPT_LOWER_CASE_TYPES))
                .withTolerateMissingTerminator(s.on(LabSetting.TOLERATE_MISSING_TERMINATOR))
                .withJoinSplitRecords(s.on(LabSetting.JOIN_SPLIT_RECORDS))
                .withTestCodeComponent(component);
        return new AstmDriverOptions(AstmReceiverOptions.DEFAULT.withLeniency(leniency).withTimers(timers),
                AstmSenderOptions.of(AstmRole.HOST).withTimers(timers), parse, component);
    }

    private static Duration positive(String driverId, DriverOptions options, String name) {
        Duration d = options.duration(name);
        if (d.isZero()) {
            throw new IllegalArgumentException(driverId + ": option " + name + " must be longer than 0");
        }
        return d;
    }

    /** A setting's value: device option, else code table, else default. */
    private record Settings(String driverId, Map<String, String> values, LabCodeTable table) {

        String text(LabSetting s) {
            String v = values.containsKey(s.key()) ? values.get(s.key()).strip()
                    : table.setting(s).orElse(s.defaultValue());
            String problem = s.problem(v);
            if (problem != null) {
                throw new IllegalArgumentException(driverId + ": option " + s.key() + " must be " + problem
                        + ", got '" + v + "'");
            }
            return v;
        }

        boolean on(LabSetting s) {
            return Boolean.parseBoolean(text(s));
        }

        int number(LabSetting s) {
            return Integer.parseInt(text(s));
        }
    }
}
