package org.smartclinic.gateway.journal;

/** The journal could not read or write; the message says what and, where it can, what to do. */
public class JournalException extends RuntimeException {

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
