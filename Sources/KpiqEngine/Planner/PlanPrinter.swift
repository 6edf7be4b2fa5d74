/// The plan as indented text, one step a line, for `explain` and for tests to pin.
public enum PlanPrinter {
    public static func print(_ plan: LogicalPlan, notes: [String] = []) -> String {
        var lines: [String] = []
        write(plan, depth: 0, into: &lines)
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    private static func write(_ plan: LogicalPlan, depth: Int, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        switch plan {
        case .scan(let scan):
            lines.append("\(indent)Scan \(scan.dataset) (\(Formatting.thousands(scan.rowCount)) rows)")
            for link in scan.links { lines.append("\(indent)  Link \(link)") }
        case .filter(let filter):
            lines.append("\(indent)Filter \(filter.text)")
            write(filter.input, depth: depth + 1, into: &lines)
        case .aggregate(let aggregate):
            let keys = aggregate.keyNames.isEmpty ? "" : " by \(aggregate.keyNames.joined(separator: ", "))"
            lines.append("\(indent)Aggregate \(aggregate.dataset)\(keys)")
            for (index, spec) in aggregate.aggregates {
                let window = spec.window.description
                lines.append("\(indent)  #\(index) \(spec.text)\(window.isEmpty ? "" : " [\(window)]")")
            }
            if let filter = aggregate.filterText {
                lines.append("\(indent)  Filter \(filter)")
                write(aggregate.input, depth: depth + 2, into: &lines)
            } else {
                write(aggregate.input, depth: depth + 1, into: &lines)
            }
        case .combine(let combine):
            lines.append("\(indent)Combine on \(combine.keyNames.isEmpty ? "(one group)" : combine.keyNames.joined(separator: ", "))")
            for input in combine.inputs { write(input, depth: depth + 1, into: &lines) }
        case .project(let project):
            let columns = project.columns.map { $0.name == $0.text ? $0.name : "\($0.name) = \($0.text)" }
            lines.append("\(indent)Project \(columns.joined(separator: ", "))")
            write(project.input, depth: depth + 1, into: &lines)
        case .sort(let sort):
            var keys = sort.keys.map { "\($0.text)\($0.descending ? " desc" : "")" }
            if keys.isEmpty { keys = ["group keys"] }
            lines.append("\(indent)Sort \(keys.joined(separator: ", "))")
            write(sort.input, depth: depth + 1, into: &lines)
        case .limit(let limit):
            lines.append("\(indent)Limit \(limit.count)")
            write(limit.input, depth: depth + 1, into: &lines)
        }
    }
}
