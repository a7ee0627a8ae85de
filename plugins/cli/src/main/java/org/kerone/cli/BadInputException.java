package org.kerone.cli;

/** Input the user can fix: a bad option, a missing value, a scenario that cannot be run. */
final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
