import KpiqEngine

/// What a report says beside its result: the statement, the KPIs it uses and the data it read.
/// The session gathers it; the report renderers only print it.
public struct ReportContext: Sendable {
    public struct KPI: Sendable {
        public var name: String
        public var definition: String
        public var format: ValueFormat
        /// `target >= 63% warn 60%`, or where per-group targets come from.
        public var target: String?
        public var description: String?

        public init(name: String, definition: String, format: ValueFormat, target: String?, description: String?) {
            self.name = name
            self.definition = definition
            self.format = format
            self.target = target
            self.description = description
        }
    }

    public struct Source: Sendable {
        public var dataset: String
        /// The file as the `load` statement named it.
        public var file: String
        public var rows: Int

        public init(dataset: String, file: String, rows: Int) {
            self.dataset = dataset
            self.file = file
            self.rows = rows
        }
    }

    /// The statement as written (`kpi revenue by month where quarter = Q3`).
    public var title: String
    public var kpis: [KPI]
    public var sources: [Source]

    public init(title: String, kpis: [KPI], sources: [Source]) {
        self.title = title
        self.kpis = kpis
        self.sources = sources
    }
}

extension String {
    /// The text with `& < > " '` written as HTML entities.
    var htmlEscaped: String {
        escapingScalars { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&#39;"
            default: return nil
            }
        }
    }
}
