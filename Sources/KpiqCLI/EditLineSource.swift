import CEditLine
import Foundation

/// Lines read with libedit: emacs keys by default, vi keys with `set editing = vi` or a
/// `bind -v` in `~/.editrc`; history (Up, Down, Ctrl-R) that `HistoryFile` keeps across
/// sessions; Tab completion from a `Completer`; Ctrl-C clears the line.
///
/// libedit's native interface (`histedit.h`) rather than its readline emulation: completion,
/// listing and the Ctrl-C key are ours, and the emulation's own ideas of word breaks and
/// quoting would get in the way of completing `manager = "Cara L`.
///
/// A statement typed over several lines is one history entry. libedit has one prompt for the
/// line it reads and draws a line break inside that line at the left margin, with no prompt of
/// its own, so a statement recalled with Up would show its later lines bare. libedit's history
/// therefore holds each entry with the continuation prompt written after its line breaks
/// (`kpi lost by\n  ... sector`), and the text that comes back from the editor has it taken
/// out again (`statementText`): the history file keeps the statement as typed.
public final class EditLineSource: LineSource {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: HistoryFile?
    private let completer: Completer?
    private let output: UnsafeMutablePointer<FILE>
    private var promptText: UnsafeMutablePointer<CChar>
    /// The statement's earlier lines, while a continuation line is read.
    private var pending = ""
    private var interrupted = false
    private var editing: Settings.EditingMode?
    private var historyProblemShown = false

    /// Fails (nil) when libedit cannot work with the terminal.
    public init?(completer: Completer?, historyFile: HistoryFile?, output: UnsafeMutablePointer<FILE> = StandardStream.output) {
        EditLineSource.useTerminalCharacterSet()
        guard let input = fdopen(STDIN_FILENO, "r"),
              let editLine = el_init("kpiq", input, output, StandardStream.error),
              let history = history_init() else { return nil }
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        self.completer = completer
        self.output = output
        promptText = strdup("")
        kpiq_history_set_size(history, Int32(historyFile?.limit ?? HistoryFile.defaultLimit))
        kpiq_history_set_unique(history, 1)
        for entry in historyFile?.load() ?? [] { kpiq_history_enter(history, EditLineSource.historyText(entry)) }
        kpiq_el_set_history(editLine, history)
        kpiq_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        kpiq_el_set_prompt(editLine, EditLineSource.promptCallback)
        kpiq_el_set_getc(editLine, EditLineSource.readCallback)
        // libedit restores the terminal around suspension and follows resizes while editing.
        kpiq_el_set_signal(editLine, 1)
        // While a line is edited the terminal sends no signals: Ctrl-C is the `kpiq-interrupt`
        // key below, not SIGINT, and Ctrl-Z is `kpiq-suspend`.
        kpiq_el_setty_edit(editLine, "-isig")
        kpiq_el_add_function(editLine, "kpiq-complete", "Complete the word at the cursor", EditLineSource.completeCallback)
        kpiq_el_add_function(editLine, "kpiq-interrupt", "Drop the line and start afresh", EditLineSource.interruptCallback)
        kpiq_el_add_function(editLine, "kpiq-suspend", "Suspend kpiq", EditLineSource.suspendCallback)
        kpiq_el_set_editor(editLine, "emacs")
        bindKeys()
        // The user's ~/.editrc (or $EDITRC) last, so that it can change any of the above.
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptText)
    }

    public func read(prompt: String, pending: String) -> LineInput {
        free(promptText)
        promptText = strdup(prompt)
        self.pending = pending
        interrupted = false
        Interrupt.forgetEarlier()
        el_resize(editLine)
        var count: Int32 = 0
        var line = el_gets(editLine, &count)
        while line == nil, count < 0, errno == EINTR {
            line = el_gets(editLine, &count)
        }
        guard let line, count > 0 else {
            // Leave the terminal's next output on a line of its own.
            fputs("\n", output)
            fflush(output)
            return .end
        }
        if interrupted { return .interrupt }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(EditLineSource.statementText(text))
    }

    /// An entry as libedit's history holds it: `  ... ` after each line break, so that a
    /// recalled statement looks as it did when it was typed.
    static func historyText(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\n", with: "\n" + InteractiveLoop.continuationPrompt)
    }

    /// The statement in a line from the editor: a continuation prompt that begins a line after
    /// a line break (there only when the line was recalled from history) is taken out, even
    /// with a space of it deleted. No kpiq line can begin with `...`, so nothing typed is lost.
    static func statementText(_ line: String) -> String {
        guard line.contains("\n") else { return line }
        var lines = line.split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices.dropFirst() {
            let text = lines[index].drop { $0 == " " }
            guard text.hasPrefix("...") else { continue }
            let rest = text.dropFirst(3)
            lines[index] = rest.hasPrefix(" ") ? rest.dropFirst() : rest
        }
        return lines.joined(separator: "\n")
    }

    public func remember(_ entry: String) {
        kpiq_history_enter(history, EditLineSource.historyText(entry))
        guard let historyFile else { return }
        do {
            try historyFile.append(entry)
        } catch {
            if !historyProblemShown {
                fputs("note: history is not saved: \(error)\n", StandardStream.error)
                historyProblemShown = true
            }
        }
    }

    public func apply(_ settings: Settings) {
        guard let mode = settings.editing, mode != editing else { return }
        editing = mode
        // Choosing an editor resets its key map, so kpiq's keys are bound again.
        kpiq_el_set_editor(editLine, mode.rawValue)
        bindKeys()
    }

    private func bindKeys() {
        kpiq_el_bind(editLine, "^I", "kpiq-complete")
        kpiq_el_bind(editLine, "^C", "kpiq-interrupt")
        kpiq_el_bind_command_mode(editLine, "^C", "kpiq-interrupt")
        kpiq_el_bind(editLine, "^Z", "kpiq-suspend")
        kpiq_el_bind_command_mode(editLine, "^Z", "kpiq-suspend")
        // Incremental search back through the history, in emacs and vi insert mode alike.
        kpiq_el_bind(editLine, "^R", "em-inc-search-prev")
    }

    /// libedit edits multibyte text only under a UTF-8 locale: take the user's, or C.UTF-8
    /// when the user's is plain C.
    private static func useTerminalCharacterSet() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if chosen == "C" || chosen == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
    }

    private static func owner(of editLine: OpaquePointer?) -> EditLineSource? {
        guard let editLine, let data = kpiq_el_client_data(editLine) else { return nil }
        return Unmanaged<EditLineSource>.fromOpaque(data).takeUnretainedValue()
    }

    // MARK: Callbacks (C function pointers, so they find their source through the client data)

    private static let promptCallback: kpiq_prompt_fn = { editLine in
        owner(of: editLine)?.promptText
    }

    private static let completeCallback: kpiq_edit_fn = { editLine, _ in
        owner(of: editLine)?.complete() ?? UInt8(CC_ERROR)
    }

    private static let interruptCallback: kpiq_edit_fn = { editLine, _ in
        owner(of: editLine)?.interrupt() ?? UInt8(CC_ERROR)
    }

    private static let readCallback: kpiq_getc_fn = { editLine, character in
        guard let character else { return -1 }
        return owner(of: editLine)?.readCharacter(into: character) ?? -1
    }

    /// Ctrl-Z: stops kpiq as the terminal would have; libedit's own SIGTSTP and SIGCONT handlers
    /// give the terminal back to the shell and take it again on `fg`.
    private static let suspendCallback: kpiq_edit_fn = { _, _ in
        kill(getpid(), SIGTSTP)
        return UInt8(CC_REDISPLAY)
    }

    /// Ctrl-C: shows `^C` at the end of the line, ends the line, and has `read` drop it.
    private func interrupt() -> UInt8 {
        interrupted = true
        let line = el_line(editLine).pointee
        let rest = UnsafeRawBufferPointer(start: line.cursor, count: line.lastchar - line.cursor)
        _ = el_cursor(editLine, Int32(String(decoding: rest, as: UTF8.self).unicodeScalars.count))
        el_insertstr(editLine, "^C")
        el_push(editLine, "\n")
        return UInt8(CC_REFRESH)
    }

    /// One character for libedit, read as libedit's own reader does (a byte at a time, decoded
    /// in the locale's encoding, an invalid byte skipped), but waiting on the interrupt pipe
    /// too: a SIGINT while a line is edited (`kill -INT`, or Ctrl-C typed while the terminal
    /// was still in its line mode) comes back as the Ctrl-C key, which drops the line and the
    /// statement begun before it. A signal does not always interrupt a read, so the wait
    /// cannot rely on EINTR. 1 for a character, 0 at the end of input, -1 on an error.
    private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        character.pointee = 0
        var bytes: [CChar] = []
        while true {
            var waits = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            if let wake = Interrupt.wakeDescriptor { waits.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
            if poll(&waits, nfds_t(waits.count), -1) < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if waits.count > 1, waits[1].revents != 0 {
                Interrupt.forgetEarlier()
                character.pointee = 3  // Ctrl-C
                return 1
            }
            var byte: CChar = 0
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return -1
            }
            if count == 0 { return 0 }
            bytes.append(byte)
            while !bytes.isEmpty {
                var state = mbstate_t()
                // size_t comes to Swift as Int: -2 and -1 are (size_t)-2 and (size_t)-1.
                let used = bytes.withUnsafeBufferPointer { mbrtowc(character, $0.baseAddress, $0.count, &state) }
                if used == -2 { break }  // more bytes to come
                if used != -1 { return 1 }
                // Not a character: a sequence cut short starts again at its last byte; a lone
                // byte is skipped.
                bytes = bytes.count > 1 ? [bytes.last!] : []
            }
        }
    }

    /// Tab: one candidate is inserted; several are listed in columns, their common prefix inserted.
    private func complete() -> UInt8 {
        guard let completer else { return UInt8(CC_ERROR) }
        let before = EditLineSource.statementText(textBeforeCursor(el_line(editLine).pointee))
        let completion = completer.complete(pending.isEmpty ? before : pending + "\n" + before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if let replacement = completion.replacement {
            el_deletestr(editLine, Int32(completion.word.unicodeScalars.count))
            el_insertstr(editLine, replacement)
        }
        guard completion.candidates.count > 1 else { return UInt8(CC_REFRESH) }
        completer.session.refreshTerminalSize()
        let width = completer.session.terminalWidth ?? 80
        fputs("\n" + CompletionList.layout(completion.candidates.map(\.label), width: width), output)
        // libedit redraws the line from the row it thinks the cursor is on, moving up to the
        // line's first row: as many blank rows below the list keep the list in view when the
        // line wraps or holds a recalled statement's later lines. (Read again: the common start
        // of the candidates may have been inserted.)
        fputs(String(repeating: "\n", count: EditLineSource.cursorRow(prompt: String(cString: promptText), before: textBeforeCursor(el_line(editLine).pointee), width: width)), output)
        fflush(output)
        return UInt8(CC_REDISPLAY)
    }

    /// The line's text before the cursor, as the editor holds it.
    private func textBeforeCursor(_ line: LineInfo) -> String {
        String(decoding: UnsafeRawBufferPointer(start: line.buffer, count: line.cursor - line.buffer), as: UTF8.self)
    }

    /// The row of the cursor below the line's first row, on a terminal `width` columns wide:
    /// each line break and each wrap of `prompt` + `before` adds one.
    static func cursorRow(prompt: String, before: String, width: Int) -> Int {
        guard width > 0 else { return 0 }
        let lines = (prompt + before).split(separator: "\n", omittingEmptySubsequences: false)
        var row = 0
        for (index, line) in lines.enumerated() {
            let columns = TerminalText.width(String(line))
            row += index == lines.count - 1 ? columns / width : columns / width + 1
        }
        return row
    }
}
