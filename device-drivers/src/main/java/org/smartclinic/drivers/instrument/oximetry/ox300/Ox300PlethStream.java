package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.StreamedWaveform;

/**
 * Turns DATA frames into pleth chunks and counts the frames lost between them from the device's seq numbers.
 *
 * <p>Every frame the driver accepted (DATA, IDENTITY, DEVICE_ERROR) is seen here; a seq number never seen between
 * two accepted frames is a lost frame (corrupt on the line, or rejected). A DATA frame's {@code gapBefore} is the
 * number of frames lost since the previous DATA frame times its own sample count (the device normally sends the
 * same count in every frame). A seq step of 32768 or more forward (modulo 65536), including the same seq again
 * or a step back, is read as the device having restarted its count (power cycle): no gap. 65535 followed by 0
 * is no gap.
 */
final class Ox300PlethStream {

    /** Name of the stream within the device. */
    static final String STREAM = "pleth";
    /** Unit of a pleth sample: unitless. */
    static final String UNIT = "1";

    private static final int HALF_SEQ_RANGE = Ox300Protocol.SEQ_MODULUS / 2;

    private final Code code;
    private long nextChunk;
    private int lastSeq = -1;
    private long lost;

    Ox300PlethStream(Code code) {
        this.code = code;
    }

    /** An accepted frame with seq {@code seq}: counts the frames lost before it. */
    void seen(int seq) {
        if (lastSeq >= 0) {
            int step = Math.floorMod(seq - lastSeq - 1, Ox300Protocol.SEQ_MODULUS);
            if (step < HALF_SEQ_RANGE) {
                lost += step;
            }
        }
        lastSeq = seq;
    }

    /** The chunk of an accepted DATA frame received {@code at}; all samples invalid when the sensor is off. */
    StreamedWaveform chunk(Ox300Message.Data data, Instant at) {
        seen(data.seq());
        int n = data.samples().length;
        int gap = (int) Math.min(Integer.MAX_VALUE, lost * n);
        lost = 0;
        int[] samples = data.samples().clone();
        if (data.has(Ox300Protocol.FLAG_SENSOR_OFF)) {
            Arrays.fill(samples, StreamedWaveform.INVALID);
        }
        return new StreamedWaveform(STREAM, nextChunk++, at, Ox300Protocol.SAMPLE_PERIOD_MICROS, gap,
                List.of(new StreamedWaveform.Channel(code, UNIT, 1.0, samples)));
    }

    /** A new connection: chunks count from 0 again and no frame counts as lost before the first. */
    void reset() {
        nextChunk = 0;
        lastSeq = -1;
        lost = 0;
    }
}
