package org.smartclinic.simulator.link;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;

/** Records what a link reports, with the time of each state change. */
class LinkRecorder implements LinkListener {

    record Change(Instant at, LinkState state, String reason) {
    }

    final List<Change> changes = new CopyOnWriteArrayList<>();
    final List<Outcome.Accepted> accepted = new CopyOnWriteArrayList<>();
    final List<Outcome.Rejected> rejected = new CopyOnWriteArrayList<>();
    final List<Exception> storeFailures = new CopyOnWriteArrayList<>();
    final List<Outcome.Accepted> withheld = new CopyOnWriteArrayList<>();

    @Override
    public void stateChanged(String deviceId, LinkState state, String reason) {
        changes.add(new Change(Instant.now(), state, reason));
    }

    @Override
    public void accepted(String deviceId, Outcome.Accepted frame) {
        accepted.add(frame);
    }

    @Override
    public void answerWithheld(String deviceId, Outcome.Accepted frame) {
        withheld.add(frame);
    }

    @Override
    public void rejected(String deviceId, Outcome.Rejected r) {
        rejected.add(r);
    }

    @Override
    public void storeFailed(String deviceId, Outcome.Accepted accepted, Exception cause) {
        storeFailures.add(cause);
    }

    long rejections(RejectReason reason) {
        return rejected.stream().filter(r -> r.reason() == reason).count();
    }

    List<Change> in(LinkState state) {
        return changes.stream().filter(c -> c.state() == state).toList();
    }
}
