package org.smartclinic.drivers.instrument.spirometry.sp80;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codetable.CodeTable;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Driver of the SP-80 spirometer's export files, one file per test, dropped by its PC software into a folder.
 * <ul>
 *   <li><b>Format</b>: {@link Sp80Format} (layout, ranges, leniencies), read by {@code Sp80Parser} (reasons and the
 *       order of its checks there). Code table {@code sp80-codes.csv} next to this class.</li>
 *   <li><b>Readings</b>: one per file, key = the test id, so a file read again after a crash is stored once; device
 *       time from the TEST line with its own offset; sample and device patient id from the optional lines; one
 *       measurement per RESULT (value and unit as written, {@code 3,10} read as 3.10), each followed by its
 *       {@code <code>%PRED} measurement when the file has a % predicted value.</li>
 *   <li><b>Outcomes</b>: the DEVICE line as an {@link Outcome.IdentityReport}, then the reading with the whole file
 *       as raw bytes and no answers (moving the file to {@code processed/} is the acknowledgement); or one
 *       {@link Outcome.Rejected}, raw bytes capped at {@link Sp80Format#MAX_BYTES}, and the file goes to
 *       {@code failed/} with the detail.</li>
 * </ul>
 */
public final class Sp80Driver implements MessageDriver {

    /** The driver id, also the system suffix of its device codes. */
    public static final String DRIVER_ID = "sp80";
    /** Suffix of the device code of a result's % predicted value. */
    public static final String PREDICTED_SUFFIX = "%PRED";

    private static final Logger LOG = LoggerFactory.getLogger(Sp80Driver.class);
    private static final CodeTable CODES = CodeTable.load(Sp80Driver.class, "sp80-codes.csv").requireAll("FVC",
            "FEV1", "FEV1/FVC", "PEF", "FVC%PRED", "FEV1%PRED", "FEV1/FVC%PRED", "PEF%PRED");
    private static final Map<String, String> NAMES = Map.of(Sp80Format.FVC, "Forced vital capacity",
            Sp80Format.FEV1, "Forced expiratory volume in 1 s", Sp80Format.FEV1_FVC, "FEV1/FVC ratio",
            Sp80Format.PEF, "Peak expiratory flow");
    private static final byte[] NONE = new byte[0];

    private final DriverContext context;

    /** A driver for the device {@code context} describes; {@link Sp80DriverFactory} is the usual way to get one. */
    public Sp80Driver(DriverContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public List<Outcome> onMessage(InboundMessage message) {
        byte[] file = message.payload();
        try {
            return switch (Sp80Parser.parse(file)) {
                case Sp80Parser.Parsed.Ok ok -> List.of(
                        new Outcome.IdentityReport(new DeviceIdentity(ok.export().model(), ok.export().serial(),
                                ok.export().firmware())),
                        new Outcome.Accepted(List.of(reading(ok.export(), message)), file, NONE, NONE));
                case Sp80Parser.Parsed.Invalid bad -> List.of(rejected(bad.reason(), bad.detail(), file));
            };
        } catch (RuntimeException e) {
            // A driver bug must cost this file, not the folder: it goes to failed/ with the error.
            LOG.warn("{}: could not decode an export", context.deviceId(), e);
            return List.of(rejected(RejectReason.MALFORMED, "driver error: " + e, file));
        }
    }

    @Override
    public void reset() {
        // Whole files: nothing is kept between messages.
    }

    private Reading reading(Sp80Format.Export export, InboundMessage message) {
        List<Measurement> measurements = new ArrayList<>(export.results().size() * 2);
        for (Sp80Format.ResultLine r : export.results()) {
            measurements.add(measurement(r.code(), NAMES.get(r.code()), new Value.Quantity(r.value(), r.unit())));
            if (r.percentPredicted() != null) {
                measurements.add(measurement(r.code() + PREDICTED_SUFFIX, NAMES.get(r.code()) + " % predicted",
                        new Value.Quantity(r.percentPredicted(), Sp80Format.PERCENT)));
            }
        }
        return new Reading(context.deviceId(), export.testId(), export.testTime().toInstant(),
                message.receivedAt(), measurements, null, export.sampleId(), export.patientId());
    }

    private static Measurement measurement(String code, String name, Value value) {
        return Measurement.of(Code.deviceCode(DRIVER_ID, code, name), CODES.codes(code), value);
    }

    private static Outcome rejected(RejectReason reason, String detail, byte[] file) {
        byte[] raw = file.length > Sp80Format.MAX_BYTES ? Arrays.copyOf(file, Sp80Format.MAX_BYTES) : file;
        return new Outcome.Rejected(reason, detail, raw, NONE);
    }
}
