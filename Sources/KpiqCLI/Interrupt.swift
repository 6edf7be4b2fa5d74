import Foundation
import KpiqEngine
import Synchronization

/// Ctrl-C in an interactive session: it cancels the running statement instead of ending kpiq.
///
/// While a statement runs, the terminal is in its usual mode and Ctrl-C sends SIGINT; the
/// handler only asks the engine to stop (`Cancellation.request()`, an atomic store, and a byte
/// written to a pipe; both async-signal-safe), and the engine stops at its next check. At the
/// prompt libedit turns Ctrl-C into a key of its own (see `EditLineSource`), which clears the
/// line; a SIGINT that arrives while a line is edited is taken as that key. Scripts run without
/// a terminal keep the default: SIGINT ends the process.
public enum Interrupt {
    /// The pipe the handler writes a byte to, so that a wait for a key wakes up on SIGINT even
    /// when the signal does not interrupt a read (it may arrive between two). -1 before
    /// `cancelStatementsOnSIGINT`.
    private static let wakeRead = Atomic<Int32>(-1)
    private static let wakeWrite = Atomic<Int32>(-1)

    /// Installs the SIGINT handler for the rest of the process.
    public static func cancelStatementsOnSIGINT() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            }
            wakeRead.store(ends[0], ordering: .relaxed)
            wakeWrite.store(ends[1], ordering: .relaxed)
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            Cancellation.request()
            let end = Interrupt.wakeWrite.load(ordering: .relaxed)
            if end >= 0 {
                var byte: UInt8 = 1
                _ = write(end, &byte, 1)
            }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        // Restart reads and writes the signal interrupts: the engine notices the request itself.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }

    /// The descriptor that becomes readable when SIGINT has arrived since `forgetEarlier()`;
    /// nil when no handler is installed.
    static var wakeDescriptor: Int32? {
        let end = wakeRead.load(ordering: .relaxed)
        return end >= 0 ? end : nil
    }

    /// Forgets SIGINTs that have arrived so far: a Ctrl-C that stopped a statement must not
    /// also drop the next line.
    static func forgetEarlier() {
        Cancellation.reset()
        guard let end = wakeDescriptor else { return }
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(end, &bytes, bytes.count) > 0 {}
    }
}
