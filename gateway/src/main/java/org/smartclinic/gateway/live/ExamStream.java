package org.smartclinic.gateway.live;

import java.util.Objects;
import java.util.function.UnaryOperator;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.exam.ExamView;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;

/**
 * One exam's live stream, for any WebSocket endpoint that serves it: the GP's {@code /ws/exams/{examId}} and the
 * specialist's {@code /ws/invites/{token}}. Call {@link #open(WebSocketConnection, String, long, Audience)} from
 * the endpoint's {@code @OnOpen} (after checking who may see the exam) and {@link LiveSockets#closed} from its
 * {@code @OnClose}; {@link LiveSockets#end} ends it early (e.g. reason {@code expired} or {@code revoked}).
 *
 * <p>The stream: the exam's readings as its tiles show them ({@link LiveViews.ExamReading}), again on every
 * change of status (confirmed, rejected, re-assigned, sent to the EHR, refused); while the exam is open the
 * waveforms and status of the devices at its station; the exam's own changes ({@code exam}); for the GP also
 * the station's queue ({@code queue}: a reading id). When the exam closes: its {@code exam} event, then
 * {@code end} reason {@code closed}. A specialist sees nothing that is not bound to this exam (no queue).
 */
@ApplicationScoped
public class ExamStream {

    /** Who watches: the GP sees the station's queue too; a specialist only what belongs to the exam. */
    public enum Audience {
        GP, SPECIALIST
    }

    @Inject
    LiveSockets sockets;

    @Inject
    ExamRecords exams;

    @Inject
    DeviceManager devices;

    /**
     * Serves exam {@code examId} on {@code connection} from sequence number {@code since} (0: live only). An exam
     * that does not exist closes the connection (code 1008); one already closed gets its replay and {@code end}.
     */
    public void open(WebSocketConnection connection, String examId, long since, Audience audience) {
        Exam exam = exams.exam(examId).orElse(null);
        if (exam == null) {
            connection.close(new CloseReason(1008, "no such exam")).subscribe().with(ok -> { }, f -> { });
            return;
        }
        sockets.open(connection, new Scope(exam, audience, devices::station), since);
        if (!exam.isOpen()) {
            sockets.end(connection, "closed");
        }
    }

    /** The keys and events of one exam's stream; the station of a device is looked up live (devices move). */
    static final class Scope implements LiveScope {
        private final String examKey;
        private final String stationKey;
        private final String station;
        private final boolean queue;
        private final UnaryOperator<String> stationOf;
        private volatile boolean open;

        Scope(Exam exam, Audience audience, UnaryOperator<String> stationOf) {
            this.examKey = LiveEvent.examKey(exam.id());
            this.stationKey = LiveEvent.stationKey(exam.station());
            this.station = exam.station();
            this.queue = audience == Audience.GP;
            this.stationOf = stationOf;
            this.open = exam.isOpen();
        }

        @Override
        public boolean watches(String key) {
            if (key.equals(examKey) || queue && key.equals(stationKey)) {
                return true;
            }
            return open && !key.contains(":") && Objects.equals(station, stationOf.apply(key));
        }

        @Override
        public boolean wants(LiveEvent event) {
            return !event.fromDevice() || LiveEvent.WAVEFORM.equals(event.kind())
                    || LiveEvent.STATUS.equals(event.kind());
        }

        @Override
        public String endsAfter(LiveEvent event) {
            if (LiveEvent.EXAM.equals(event.kind()) && event.data() instanceof ExamView v
                    && "CLOSED".equals(v.status())) {
                open = false;
                return "closed";
            }
            return null;
        }
    }
}
