package org.smartclinic.simulator.twin;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The frames a fault applies to, by the behaviour's own numbering (1 for its first frame): exactly these numbers,
 * every n-th, or both.
 *
 * @param numbers frame numbers, each at least 1
 * @param every   every n-th frame ({@code n, 2n, ...}); 0 = none
 */
public record FrameSet(Set<Integer> numbers, int every) {

    /** No frame. */
    public static final FrameSet NONE = new FrameSet(Set.of(), 0);

    public FrameSet {
        numbers = Set.copyOf(numbers);
        if (every < 0 || numbers.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("frame numbers start at 1 and 'every' is >= 0: " + numbers + ", "
                    + every);
        }
    }

    public static FrameSet every(int n) {
        return new FrameSet(Set.of(), n);
    }

    public static FrameSet on(int... numbers) {
        return new FrameSet(Arrays.stream(numbers).boxed().collect(Collectors.toSet()), 0);
    }

    /** These numbers, keeping {@link #every()}. */
    public FrameSet withNumbers(int... frames) {
        return new FrameSet(on(frames).numbers(), every);
    }

    /** Every n-th, keeping {@link #numbers()}. */
    public FrameSet withEvery(int n) {
        return new FrameSet(numbers, n);
    }

    public boolean contains(int frame) {
        return numbers.contains(frame) || (every > 0 && frame % every == 0);
    }

    public boolean isEmpty() {
        return numbers.isEmpty() && every == 0;
    }
}
