package org.smartclinic.simulator.device;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * An in-memory journal and listener for a streaming device's link: readings stored, identities, statuses (with how
 * many chunks and readings had arrived when each came, so a test can tell what arrived while a status held),
 * waveform chunks and rejections. Everything is called on the link thread, in the order the driver said it.
 */
final class StreamRecorder implements LinkListener, ReadingSink {

    /** A status report and how many chunks and readings had arrived before it. */
    record StatusAt(DeviceStatus status, int chunksBefore, int readingsBefore) {
    }

    final List<Reading> readings = new CopyOnWriteArrayList<>();
    final List<DeviceIdentity> identities = new CopyOnWriteArrayList<>();
    final List<StatusAt> statuses = new CopyOnWriteArrayList<>();
    final List<StreamedWaveform> chunks = new CopyOnWriteArrayList<>();
    final List<Outcome.Rejected> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void store(Outcome.Accepted accepted) {
        readings.addAll(accepted.readings());
    }

    @Override
    public void identity(String deviceId, DeviceIdentity identity) {
        identities.add(identity);
    }

    @Override
    public void status(String deviceId, DeviceStatus status) {
        statuses.add(new StatusAt(status, chunks.size(), readings.size()));
    }

    @Override
    public void waveform(String deviceId, StreamedWaveform waveform) {
        chunks.add(waveform);
    }

    @Override
    public void rejected(String deviceId, Outcome.Rejected r) {
        rejected.add(r);
    }

    long rejections(RejectReason reason) {
        return rejected.stream().filter(r -> r.reason() == reason).count();
    }

    /** The last status reported equal to {@code status}, or null. */
    StatusAt last(DeviceStatus status) {
        return statuses.reversed().stream().filter(s -> s.status().equals(status)).findFirst().orElse(null);
    }

    /** Chunks from index {@code from} on. */
    List<StreamedWaveform> chunksFrom(int from) {
        List<StreamedWaveform> all = List.copyOf(chunks);
        return all.subList(Math.min(from, all.size()), all.size());
    }
}
