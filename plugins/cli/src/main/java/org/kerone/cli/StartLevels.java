package org.kerone.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Moves the framework up the start levels of {@code cnf/live.bndrun}: the bundles a run does not
 * need before it is ready (the console, Metatype, the comparison) start only when the main job asks
 * for them.
 */
final class StartLevels {
    /** Log: the bnd launcher moves the framework here after the platform's bundles started. */
    static final int LOGGING = 2;
    /** Everything: the Gogo shell and the console commands, Metatype, the policy comparison. */
    static final int ALL = 3;
    /** How long a wait for a start level may take before the job goes on without it. */
    static final long TIMEOUT_MS = 30_000;

    private final Bundle system;

    StartLevels(Bundle system) {
        this.system = system;
    }

    /**
     * Moves the framework to {@code level} unless it is there or higher already; with {@code wait},
     * returns when the bundles of that level have started. Without start levels (a framework that
     * does not support them, or the level already reached) it does nothing.
     */
    void raise(int level, boolean wait) throws InterruptedException {
        FrameworkStartLevel levels = system.adapt(FrameworkStartLevel.class);
        if (levels == null || levels.getStartLevel() >= level) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        levels.setStartLevel(level, (FrameworkEvent event) -> reached.countDown());
        if (wait) {
            reached.await(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }
}
