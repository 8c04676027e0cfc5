package org.smartclinic.simulator.twin;

import java.util.Arrays;

import org.smartclinic.drivers.codec.Printable;

/**
 * How one vector's replay went: what was sent, the answers its expectations call for, the answers that came.
 *
 * @param vector         the vector's file name
 * @param input          the vector's device bytes
 * @param written        how many of them went on the line
 * @param expected       answers expected ({@code DriverVector#expectedAnswers()})
 * @param received       answers received, extra ones included
 * @param connectionLost true if the connection ended before the replay did
 */
public record ReplayResult(String vector, byte[] input, int written, byte[] expected, byte[] received,
        boolean connectionLost) {

    public ReplayResult {
        input = input.clone();
        expected = expected.clone();
        received = received.clone();
    }

    @Override
    public byte[] input() {
        return input.clone();
    }

    @Override
    public byte[] expected() {
        return expected.clone();
    }

    @Override
    public byte[] received() {
        return received.clone();
    }

    /** True if every byte was sent and exactly the expected answers came back. */
    public boolean matches() {
        return !connectionLost && written == input.length && Arrays.equals(expected, received);
    }

    /**
     * One line when it matched, {@code OK      name: sent 53 bytes, answers [<ACK>]}; otherwise a FAILED line
     * followed by what was sent, expected and received, printable.
     */
    public String render() {
        if (matches()) {
            return String.format("OK      %s: sent %d bytes, answers [%s]", vector, written, Printable.of(received));
        }
        StringBuilder out = new StringBuilder(String.format("FAILED  %s: sent %d of %d bytes%s%n", vector, written,
                input.length, connectionLost ? ", connection lost" : ""));
        out.append("        sent     [").append(Printable.of(input, 0, written, Printable.DEFAULT_CAP)).append("]\n");
        out.append("        expected [").append(Printable.of(expected)).append("]\n");
        out.append("        received [").append(Printable.of(received)).append(']');
        return out.toString();
    }
}
