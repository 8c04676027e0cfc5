package org.smartclinic.simulator.device.lab.astm;

import java.time.Duration;

import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.codec.astm.link.AstmSenderOptions;
import org.smartclinic.simulator.twin.TwinPlug;

/** What {@link AstmInstrument.Builder} collected; see its methods for the meaning and defaults. */
record AstmInstrumentSettings(TwinPlug plug, AstmSenderOptions senderOptions,
        AstmReceiverOptions receiverOptions, Duration answerTimeout, int messageAttempts, AstmLineFaults faults,
        long seed, AstmInstrument.Listener listener) {
}
