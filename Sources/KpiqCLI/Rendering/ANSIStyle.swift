import KpiqEngine

/// ANSI text attributes for a color terminal; when disabled, text passes through untouched.
struct ANSIStyle {
    var isEnabled: Bool

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }

    /// Green on track, yellow at risk, red off track.
    func status(_ text: String, _ status: TargetStatus?) -> String {
        switch status {
        case .onTrack: return green(text)
        case .atRisk: return yellow(text)
        case .offTrack: return red(text)
        case nil: return text
        }
    }

    private func wrap(_ text: String, _ code: String) -> String {
        isEnabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
