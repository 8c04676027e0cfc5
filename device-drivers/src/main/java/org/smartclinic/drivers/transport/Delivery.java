package org.smartclinic.drivers.transport;

/**
 * The transport's acknowledgement of one inbound message: exactly one of the three calls settles it. What each
 * means is the transport's own (MQTT: PUBACK; folder: a move to {@code processed/} or {@code failed/}; MLLP: the
 * reply message). Calls may come from any thread and must not block for long.
 */
public interface Delivery {

    /** Its readings are durably stored: acknowledge it (and send {@code reply} where the transport can reply). */
    void accept(byte[] reply);

    /**
     * It is bad and will never be good: settle it for good so it is not redelivered (and send {@code reply}).
     *
     * @param reason why, in a technician's words, without patient data
     */
    void reject(String reason, byte[] reply);

    /**
     * It could not be stored now: leave it to be delivered again later (and send {@code reply}, a negative
     * acknowledgement, where the transport can reply).
     */
    void retry(String reason, byte[] reply);
}
