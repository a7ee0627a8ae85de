package org.kerone.vmm;

/**
 * A scenario, profile or option that cannot be run. The message names the source (file), the place
 * in it (JSON path, line and column where known) and the problem.
 */
public class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String place;
    private final String problem;

    public ScenarioException(String source, String place, String problem) {
        super(source + ": " + place + ": " + problem);
        this.source = source;
        this.place = place;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public String place() {
        return place;
    }

    public String problem() {
        return problem;
    }
}
