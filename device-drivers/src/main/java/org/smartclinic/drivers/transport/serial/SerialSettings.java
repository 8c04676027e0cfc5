package org.smartclinic.drivers.transport.serial;

import java.util.Objects;

/**
 * Serial line settings.
 *
 * @param path     device path, e.g. {@code /dev/ttyUSB0}, a symlink such as {@code /dev/serial/by-id/...}, or a pty
 * @param baudRate bits per second
 * @param dataBits 5 to 8
 * @param parity   parity bit
 * @param stopBits number of stop bits
 */
public record SerialSettings(String path, int baudRate, int dataBits, Parity parity, StopBits stopBits) {

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public enum StopBits { ONE, ONE_POINT_FIVE, TWO }

    public SerialSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baudRate must be > 0: " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8: " + dataBits);
        }
    }

    /** 8 data bits, no parity, one stop bit at {@code baudRate}; path to be filled in. */
    public static SerialSettings eightNoneOne(int baudRate) {
        return new SerialSettings("", baudRate, 8, Parity.NONE, StopBits.ONE);
    }

    public SerialSettings withPath(String newPath) {
        return new SerialSettings(newPath, baudRate, dataBits, parity, stopBits);
    }

    @Override
    public String toString() {
        return path + "@" + baudRate + "/" + dataBits + parity.name().charAt(0)
                + (stopBits == StopBits.ONE ? "1" : stopBits == StopBits.TWO ? "2" : "1.5");
    }
}
