package org.smartclinic.drivers.codec.astm.record;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link AstmMessageParser} made of a message: the message with its non-fatal problems, or a refusal. */
public sealed interface AstmParseResult {

    /** Everything found wrong, in order of the records; at most {@link AstmLimits#maxProblems()} + 1. */
    List<AstmProblem> problems();

    /** The message if it was accepted. */
    default Optional<AstmMessage> accepted() {
        return this instanceof Accepted a ? Optional.of(a.message()) : Optional.empty();
    }

    /**
     * A message read, possibly with problems none of which is fatal.
     *
     * @param message  the message
     * @param problems the non-fatal problems
     */
    record Accepted(AstmMessage message, List<AstmProblem> problems) implements AstmParseResult {
        public Accepted {
            Objects.requireNonNull(message, "message");
            problems = List.copyOf(problems);
        }
    }

    /**
     * A message refused: at least one problem is fatal. The answer to the peer is the link's or driver's call
     * (LIS2-A2 has no negative acknowledgement at this level).
     *
     * @param problems every problem found, fatal ones among them
     */
    record Refused(List<AstmProblem> problems) implements AstmParseResult {
        public Refused {
            problems = List.copyOf(problems);
            if (problems.stream().noneMatch(AstmProblem::fatal)) {
                throw new IllegalArgumentException("a refusal has at least one fatal problem");
            }
        }
    }
}
