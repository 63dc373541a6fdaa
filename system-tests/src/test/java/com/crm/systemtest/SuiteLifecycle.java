package com.crm.systemtest;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** At the end of the test run: print the summary, then stop the stack the run started. */
public final class SuiteLifecycle implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        // unit tests run in their own session (surefire) and collect no figures: nothing to print
        if (!Summary.lines().isEmpty()) {
            Summary.print();
        }
        SystemUnderTest.shutdown();
    }
}
