package org.smartclinic.drivers.lab;

/**
 * A lab code table file is missing, unreadable or malformed. The message names the file (or class-path resource),
 * the line and what is wrong, so a technician can fix a generic driver's table and a developer a bundled one; it is
 * thrown when the table is loaded (a driver refuses to start), never deferred to a reading.
 */
public final class LabCodeTableException extends RuntimeException {

    public LabCodeTableException(String message) {
        super(message);
    }

    public LabCodeTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
