package org.smartclinic.simulator.device.lab.astm;

import java.util.List;
import java.util.Objects;

/**
 * How one message of an ASTM instrument twin ended.
 *
 * @param records         the message's records as sent, each without its CR
 * @param delivered       every frame was acknowledged and EOT sent
 * @param detail          {@code delivered}, or why not (the sender's failure code and detail, or the fault that
 *                        dropped the line); one printable line
 * @param attempts        transmissions of the message (ENQ to EOT) it took, 1 when nothing went wrong
 * @param retransmissions frames sent again after a NAK or a timeout, over all attempts
 * @param awaitedAnswer   the message asked the host something (a host query) and the twin waited for its answer
 * @param answer          the records of the host's answer, empty if none came (in time)
 */
public record AstmDelivery(List<String> records, boolean delivered, String detail, int attempts, int retransmissions,
        boolean awaitedAnswer, List<String> answer) {

    public AstmDelivery {
        records = List.copyOf(records);
        Objects.requireNonNull(detail, "detail");
        answer = List.copyOf(answer);
    }

    /** Whether the host answered the query in time. */
    public boolean answered() {
        return !answer.isEmpty();
    }
}
