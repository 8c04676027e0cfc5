package org.smartclinic.drivers.codetable;

/**
 * A code table resource is missing or malformed. The message names the resource, the line and what is wrong;
 * it is a defect of the build, so it is thrown as soon as the table is loaded, never deferred to a reading.
 */
public final class CodeTableException extends RuntimeException {

    public CodeTableException(String message) {
        super(message);
    }

    public CodeTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
