package org.smartclinic.simulator.device.lab.astm;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A message of an instrument twin waiting to go, or under way; its counts change on the twin's thread only. */
final class AstmJob {

    final List<String> records;
    final boolean awaitAnswer;
    final CompletableFuture<AstmDelivery> result = new CompletableFuture<>();
    int attempts;
    int retransmissions;

    AstmJob(List<String> records, boolean awaitAnswer) {
        this.records = List.copyOf(records);
        this.awaitAnswer = awaitAnswer;
    }
}
