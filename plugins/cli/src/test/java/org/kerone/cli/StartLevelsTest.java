package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The main job moves the framework up to a start level only when it is below it, and with
 * {@code wait} returns only once the framework reports the level reached.
 *
 * <p>Scenarios: a raise from level 1 to 3 that waits until a (later) start-level thread reports it;
 * a raise that does not wait; a raise to a level the framework is at or above already (nothing
 * happens); a framework without start levels (nothing happens).
 */
class StartLevelsTest {

    /** A framework start level whose changes a test completes by hand, like Felix's start-level thread. */
    private static final class Levels {
        int level;
        final List<Integer> requested = new ArrayList<>();
        final List<FrameworkListener> listeners = new ArrayList<>();

        Levels(int level) {
            this.level = level;
        }

        synchronized void reach(Bundle system) {
            level = requested.get(requested.size() - 1);
            for (FrameworkListener l : listeners) {
                l.frameworkEvent(new FrameworkEvent(FrameworkEvent.STARTLEVEL_CHANGED, system, null));
            }
        }

        FrameworkStartLevel service() {
            return (FrameworkStartLevel) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {FrameworkStartLevel.class}, (proxy, method, args) -> {
                        synchronized (this) {
                            switch (method.getName()) {
                                case "getStartLevel":
                                    return level;
                                case "setStartLevel":
                                    requested.add((Integer) args[0]);
                                    if (args.length > 1 && args[1] != null) {
                                        for (FrameworkListener l : (FrameworkListener[]) args[1]) {
                                            listeners.add(l);
                                        }
                                    }
                                    return null;
                                default:
                                    throw new UnsupportedOperationException(method.getName());
                            }
                        }
                    });
        }
    }

    private static Bundle system(FrameworkStartLevel levels) {
        return (Bundle) Proxy.newProxyInstance(StartLevelsTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("adapt") && args[0] == FrameworkStartLevel.class) {
                        return levels;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void raiseWaitsUntilTheFrameworkReportsTheLevelReached() throws Exception {
        Levels levels = new Levels(1);
        Bundle system = system(levels.service());
        StartLevels startLevels = new StartLevels(system);

        CompletableFuture<Void> raised = CompletableFuture.runAsync(() -> {
            try {
                startLevels.raise(StartLevels.ALL, true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (true) {
            synchronized (levels) {
                if (!levels.requested.isEmpty()) {
                    break;
                }
            }
            Thread.onSpinWait();
        }
        assertThat(levels.requested).containsExactly(StartLevels.ALL);
        assertThat(raised).isNotDone();

        levels.reach(system);

        raised.get(10, TimeUnit.SECONDS);
        assertThat(levels.level).isEqualTo(StartLevels.ALL);
    }

    @Test
    void raiseWithoutWaitOnlyAsksForTheLevel() throws Exception {
        Levels levels = new Levels(2);

        new StartLevels(system(levels.service())).raise(StartLevels.ALL, false);

        assertThat(levels.requested).containsExactly(StartLevels.ALL);
        assertThat(levels.level).isEqualTo(2);
    }

    @Test
    void aLevelReachedAlreadyIsLeftAlone() throws Exception {
        Levels levels = new Levels(5);

        new StartLevels(system(levels.service())).raise(StartLevels.LOGGING, true);
        new StartLevels(system(levels.service())).raise(StartLevels.ALL, true);

        assertThat(levels.requested).isEmpty();
        assertThat(levels.level).isEqualTo(5);
    }

    @Test
    void aFrameworkWithoutStartLevelsIsLeftAlone() throws Exception {
        new StartLevels(system(null)).raise(StartLevels.ALL, true);
    }
}
