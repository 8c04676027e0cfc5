package org.smartclinic.simulator.device.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.link.AstmTimerRequest;

class AstmTimerBoardTest {

    @Test
    void armedTimers_dueOnceInDeadlineOrder_cancelledOnesNever() {
        AstmTimerBoard board = new AstmTimerBoard();
        board.apply(new AstmTimerRequest.Arm("b", Duration.ofMillis(30)));
        board.apply(new AstmTimerRequest.Arm("a", Duration.ofMillis(1)));
        board.apply(new AstmTimerRequest.Arm("c", Duration.ofMillis(1)));
        board.apply(new AstmTimerRequest.Cancel("c"));
        board.apply(new AstmTimerRequest.Arm("later", Duration.ofHours(1)));

        long until = System.nanoTime() + Duration.ofMillis(40).toNanos();
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }

        assertThat(board.due()).containsExactly("a", "b");
        assertThat(board.due()).isEmpty();
        assertThat(board.untilNext(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(board.untilNext(Duration.ofHours(2))).isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void rearm_movesTheDeadline() {
        AstmTimerBoard board = new AstmTimerBoard();
        board.apply(new AstmTimerRequest.Arm("reply", Duration.ofNanos(1)));
        board.apply(new AstmTimerRequest.Arm("reply", Duration.ofHours(1)));

        assertThat(board.due()).isEmpty();
        board.clear();
        assertThat(board.untilNext(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
    }
}
