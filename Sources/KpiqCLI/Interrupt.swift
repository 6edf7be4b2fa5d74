import Foundation
import KpiqEngine

/// Ctrl-C in an interactive session: it cancels the running statement instead of ending kpiq.
///
/// While a statement runs, the terminal is in its usual mode and Ctrl-C sends SIGINT; the
/// handler only asks the engine to stop (`Cancellation.request()`, an atomic store), and the
/// engine stops at its next check. At the prompt libedit turns Ctrl-C into a key of its own
/// (see `EditLineSource`), which clears the line; a SIGINT that arrives while a line is edited
/// is taken as that key. Scripts run without a terminal keep the default: SIGINT ends the
/// process.
public enum Interrupt {
    /// Installs the SIGINT handler for the rest of the process.
    public static func cancelStatementsOnSIGINT() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Cancellation.request() }
        sigemptyset(&action.sa_mask)
        // Restart reads and writes the signal interrupts: the engine notices the request itself.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }
}
