extension String {
    /// The text with each Unicode scalar for which `replacement` gives a string replaced by it;
    /// the text itself when nothing needs replacing (the common case, with no copy).
    func escapingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        guard unicodeScalars.contains(where: { replacement($0) != nil }) else { return self }
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            if let text = replacement(scalar) { escaped += text } else { escaped.unicodeScalars.append(scalar) }
        }
        return escaped
    }

    /// Every occurrence of `target` replaced, without Foundation.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        escapingScalars { $0 == target ? replacement : nil }
    }
}
