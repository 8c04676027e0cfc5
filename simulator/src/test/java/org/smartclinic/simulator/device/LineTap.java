package org.smartclinic.simulator.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.smartclinic.drivers.transport.TransportListener;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;

/**
 * The gateway's end of a twin's line for twin tests, without a driver: a real serial transport, the stream cut
 * into CR LF lines, each answered with what {@code answer} says (null: no answer).
 */
final class LineTap implements TransportListener, AutoCloseable {

    private final SerialTransport transport;
    private final Function<String, byte[]> answer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();

    private LineTap(Path port, Function<String, byte[]> answer) {
        this.transport = new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(port.toString()));
        this.answer = answer;
    }

    static LineTap open(Path port, Function<String, byte[]> answer) throws IOException {
        LineTap tap = new LineTap(port, answer);
        tap.transport.open(tap);
        return tap;
    }

    @Override
    public void onBytes(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            line.write(data[i]);
            if (data[i] == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                lines.add(text);
                byte[] reply = answer.apply(text);
                if (reply != null) {
                    try {
                        transport.write(reply);
                    } catch (IOException e) {
                        closes.add("write failed: " + e.getMessage());
                    }
                }
            }
        }
    }

    @Override
    public void onClosed(String reason) {
        closes.add(reason);
    }

    List<String> frames(char type) {
        return lines.stream().filter(l -> l.indexOf("$" + type + ",") >= 0)
                .map(l -> l.substring(l.indexOf('$'))).toList();
    }

    @Override
    public void close() {
        transport.close();
    }
}
