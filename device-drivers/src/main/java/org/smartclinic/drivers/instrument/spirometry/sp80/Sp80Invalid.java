package org.smartclinic.drivers.instrument.spirometry.sp80;

import org.smartclinic.drivers.spi.RejectReason;

/**
 * Leaves a parse early with the reason and detail of a rejection; thrown and caught inside the parser, never out
 * of the driver. No stack trace: it is a verdict on a file, not an error of the program.
 */
final class Sp80Invalid extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    Sp80Invalid(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
