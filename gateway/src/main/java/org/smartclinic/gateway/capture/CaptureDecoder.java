package org.smartclinic.gateway.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.DeviceSpec;
import org.smartclinic.gateway.journal.Captures;
import org.smartclinic.gateway.live.LiveViews;

/** Runs a capture through a fresh instance of its device's driver and says what came out (a dry run). */
@ApplicationScoped
public class CaptureDecoder {

    /** What the driver made of the capture now. */
    public record Decoded(long capture, String device, String driver, List<DecodedOutcome> outcomes) {
    }

    /**
     * One outcome: {@code accepted} with readings, {@code rejected} with reason and detail, {@code status},
     * {@code identity} or {@code waveform} with a short text.
     */
    public record DecodedOutcome(String kind, String reason, String detail, List<LiveViews.ReadingLive> readings) {
    }

    @Inject
    DeviceManager devices;

    public Optional<Decoded> decode(Captures.Capture c) {
        return devices.get(c.deviceId()).map(device -> {
            DeviceSpec spec = device.spec();
            DeviceDriverFactory factory = DeviceDriverFactory.find(spec.driverId()).orElseThrow();
            DeviceDriver driver = factory.create(new DriverContext(spec.id(), spec.zone(), spec.options()));
            driver.bind(new DryChannel());
            List<Outcome> outcomes = switch (driver) {
                case StreamDriver s -> s.decode(c.bytes(), 0, c.bytes().length, c.receivedAt());
                case MessageDriver m -> m.onMessage(new InboundMessage("capture-" + c.id(), c.bytes(),
                        c.receivedAt(), Map.of()));
            };
            List<DecodedOutcome> out = new ArrayList<>();
            outcomes.forEach(o -> out.add(describe(o)));
            return new Decoded(c.id(), spec.id(), spec.driverId(), out);
        });
    }

    private static DecodedOutcome describe(Outcome o) {
        return switch (o) {
            case Outcome.Accepted a -> new DecodedOutcome("accepted", null, null,
                    a.readings().stream().map(LiveViews.ReadingLive::of).toList());
            case Outcome.Rejected r -> new DecodedOutcome("rejected", r.reason().code(), r.detail(), List.of());
            case Outcome.StatusReport s -> new DecodedOutcome("status", s.status().state().name(), s.status().text(),
                    List.of());
            case Outcome.IdentityReport i -> new DecodedOutcome("identity", null, i.identity().toString(), List.of());
            case Outcome.WaveformChunk w -> new DecodedOutcome("waveform", null, w.waveform().stream() + ": "
                    + w.waveform().length() + " samples", List.of());
        };
    }

    /** A channel for a dry run: nothing is sent, no timer fires. */
    private static final class DryChannel implements DriverChannel {
        @Override
        public boolean send(byte[] bytes) {
            return true;
        }

        @Override
        public void schedule(String name, Duration delay) {
        }

        @Override
        public void cancel(String name) {
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    }
}
