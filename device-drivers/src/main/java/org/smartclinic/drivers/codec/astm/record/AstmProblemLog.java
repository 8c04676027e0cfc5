package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;

/** The problems of one parse, bounded: past the limit they are counted, and one summary says how many. */
final class AstmProblemLog {

    private final int max;
    private final List<AstmProblem> problems = new ArrayList<>();
    private int unlisted;
    private boolean unlistedFatal;
    private boolean fatal;

    AstmProblemLog(int max) {
        this.max = max;
    }

    void warn(int record, AstmProblem.Code code, String detail) {
        add(new AstmProblem(record, code, false, detail));
    }

    void fatal(int record, AstmProblem.Code code, String detail) {
        add(new AstmProblem(record, code, true, detail));
    }

    void add(AstmProblem problem) {
        fatal |= problem.fatal();
        if (problems.size() < max) {
            problems.add(problem);
        } else {
            unlisted++;
            unlistedFatal |= problem.fatal();
        }
    }

    boolean anyFatal() {
        return fatal;
    }

    List<AstmProblem> list() {
        if (unlisted == 0) {
            return List.copyOf(problems);
        }
        List<AstmProblem> all = new ArrayList<>(problems);
        all.add(new AstmProblem(0, AstmProblem.Code.TOO_MANY_PROBLEMS, unlistedFatal,
                unlisted + " more problems not listed" + (unlistedFatal ? ", fatal ones among them" : "")));
        return List.copyOf(all);
    }
}
