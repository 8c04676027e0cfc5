package org.smartclinic.drivers.transport.tcp.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.transport.tcp.Identification;
import org.smartclinic.drivers.transport.tcp.UnknownConnection;

/**
 * Decides, from the first bytes of a connection, which registered device it is; no I/O, one snapshot of the
 * registrations. Order of checks: a registered hello the bytes start with wins (hellos are registered so that none
 * is a prefix of another, so at most one matches); then each driver with serial-number devices is asked, once per
 * driver id, to {@link DeviceDriverFactory#identify} the bytes, and a serial number registered for that driver
 * decides. While a hello could still follow or a driver needs more bytes, the verdict is "need more"; otherwise
 * the connection is unknown, with the reason.
 */
public final class FirstBytesMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FirstBytesMatcher.class);

    /** What the bytes so far say. */
    public sealed interface Verdict {
    }

    /** It is this device; the first {@code consumed} bytes (its hello) are not the driver's. */
    public record Device(String deviceId, Identification.Kind kind, int consumed) implements Verdict {
    }

    /** Not decided yet: read more. */
    public enum NeedMore implements Verdict { INSTANCE }

    /** No registered device; {@code detail} in a technician's words. */
    public record Unknown(UnknownConnection.Reason reason, String detail) implements Verdict {
    }

    /** A device identified by its hello. */
    public record HelloRule(String deviceId, byte[] hello) {
    }

    /** A device identified by the serial number its driver reads from the first message. */
    public record SerialRule(String deviceId, String serialNumber, DeviceDriverFactory factory) {
    }

    private final List<HelloRule> hellos;
    private final Map<String, DeviceDriverFactory> factoriesByDriver = new LinkedHashMap<>();
    private final Map<String, SerialRule> serials = new LinkedHashMap<>();

    public FirstBytesMatcher(List<HelloRule> hellos, List<SerialRule> serials) {
        this.hellos = List.copyOf(hellos);
        for (SerialRule rule : serials) {
            String driver = rule.factory().descriptor().id();
            factoriesByDriver.putIfAbsent(driver, rule.factory());
            this.serials.put(key(driver, rule.serialNumber()), rule);
        }
    }

    /** True if nothing but a remote address could identify a connection: no point reading. */
    public boolean hasNoRules() {
        return hellos.isEmpty() && serials.isEmpty();
    }

    /** The verdict on {@code bytes[0..length)}. */
    public Verdict check(byte[] bytes, int length) {
        boolean helloPossible = false;
        for (HelloRule rule : hellos) {
            byte[] hello = rule.hello();
            int n = Math.min(length, hello.length);
            if (Arrays.equals(bytes, 0, n, hello, 0, n)) {
                if (length >= hello.length) {
                    return new Device(rule.deviceId(), Identification.Kind.HELLO, hello.length);
                }
                helloPossible = true;
            }
        }
        if (length == 0) {
            return NeedMore.INSTANCE;
        }
        return bySerialNumber(bytes, length, helloPossible);
    }

    private Verdict bySerialNumber(byte[] bytes, int length, boolean helloPossible) {
        Answers answers = askDrivers(bytes, length);
        if (answers.devices().size() == 1) {
            return new Device(answers.devices().iterator().next(), Identification.Kind.SERIAL_NUMBER, 0);
        }
        if (answers.devices().size() > 1) {
            return new Unknown(UnknownConnection.Reason.AMBIGUOUS, "its first message names devices "
                    + answers.devices() + " at once");
        }
        if (helloPossible || answers.needMore()) {
            return NeedMore.INSTANCE;
        }
        if (answers.unregistered() != null) {
            return new Unknown(UnknownConnection.Reason.UNREGISTERED_SERIAL, "its first message names serial number "
                    + answers.unregistered() + ", which no device on this port is registered with");
        }
        return new Unknown(UnknownConnection.Reason.NOT_RECOGNISED,
                "sent no hello and its first message names no registered serial number");
    }

    /** What the drivers said: devices named and registered, whether one needs more, a serial named but unknown. */
    private record Answers(Set<String> devices, boolean needMore, String unregistered) {
    }

    private Answers askDrivers(byte[] bytes, int length) {
        Set<String> devices = new TreeSet<>();
        boolean needMore = false;
        String unregistered = null;
        for (Map.Entry<String, DeviceDriverFactory> driver : factoriesByDriver.entrySet()) {
            switch (identify(driver.getValue(), bytes, length)) {
                case DeviceDriverFactory.Identification.NeedMore more -> needMore = true;
                case DeviceDriverFactory.Identification.NotSaid notSaid -> { }
                case DeviceDriverFactory.Identification.SerialNumber said -> {
                    SerialRule rule = serials.get(key(driver.getKey(), said.serialNumber()));
                    if (rule != null) {
                        devices.add(rule.deviceId());
                    } else {
                        unregistered = said.serialNumber().strip();
                    }
                }
            }
        }
        return new Answers(devices, needMore, unregistered);
    }

    /** A driver's identify; a throwing one counts as "not said": one bad driver must not stop the port. */
    private static DeviceDriverFactory.Identification identify(DeviceDriverFactory factory, byte[] bytes,
            int length) {
        try {
            return Objects.requireNonNull(factory.identify(Arrays.copyOf(bytes, length), length));
        } catch (RuntimeException e) {
            LOG.warn("driver {} failed to identify a connection; taken as not identified",
                    factory.descriptor().id(), e);
            return DeviceDriverFactory.Identification.NotSaid.INSTANCE;
        }
    }

    private static String key(String driverId, String serialNumber) {
        return driverId + "\u0000" + serialNumber.strip();
    }
}
