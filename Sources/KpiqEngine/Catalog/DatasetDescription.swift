import KpiqLanguage

/// `describe ds`: each column's type, nulls, distinct values and range, and the dataset's
/// time column and links.
public enum DatasetDescription {
    public static func table(_ dataset: Dataset, catalog: Catalog) -> ResultTable {
        var names: [String] = [], types: [String] = [], nulls: [Value] = [], distinct: [Value] = []
        var minimums: [Value] = [], maximums: [Value] = []
        for (index, column) in dataset.columns.enumerated() {
            let vector = column.vector
            names.append(column.name)
            types.append(column.type.description + (index == dataset.timeColumnIndex ? " (time)" : ""))
            nulls.append(.integer(Int64(vector.nullCount)))
            let groups = Grouping(keys: [vector], count: vector.count)
            distinct.append(.integer(Int64(groups.groupCount - (vector.nullCount > 0 ? 1 : 0))))
            let all = [Int32](repeating: 0, count: vector.count)
            let low = Aggregates.compute(.min, type: column.type, argument: vector, mask: nil, groupIds: all, groupCount: 1)
            let high = Aggregates.compute(.max, type: column.type, argument: vector, mask: nil, groupIds: all, groupCount: 1)
            minimums.append(vector.count == 0 ? .null : low.value(at: 0))
            maximums.append(vector.count == 0 ? .null : high.value(at: 0))
        }
        for dimension in dataset.dimensions {
            names.append(dimension.name)
            types.append("dimension = \(dimension.source.text(of: dimension.expression.span))")
            // Not computed for a dimension: unknown, not zero.
            nulls.append(.null); distinct.append(.null); minimums.append(.null); maximums.append(.null)
        }
        func column(_ name: String, _ values: [Value], _ type: DataType) -> ResultTable.Column {
            var builder = VectorBuilder(type: type, capacity: values.count)
            for value in values { builder.append(value) }
            return ResultTable.Column(name: name, vector: builder.finish(), role: .field)
        }
        var caption = ["\(Formatting.thousands(dataset.rowCount)) rows from \(dataset.origin)"]
        if let time = dataset.timeColumnIndex {
            caption.append("periods (year, quarter, month, week, day) come from \(dataset.columns[time].name)")
        } else if dataset.temporalColumns.count > 1 {
            let options = dataset.temporalColumns.map { dataset.columns[$0].name }.joined(separator: ", ")
            caption.append("no time column chosen among \(options): `time \(dataset.name).<column>`")
        }
        for link in catalog.links(from: dataset.name) {
            caption.append("link \(link.description): \(Formatting.thousands(link.unmatchedRows)) of \(Formatting.thousands(dataset.rowCount)) rows found no match")
        }
        for link in catalog.links where link.toDataset == dataset.name {
            caption.append("linked from \(link.description)")
        }
        let rendered = { (values: [Value]) in values.map { value -> Value in
            if case .null = value { return .null }
            return .text(ValueDescription.plain(value))
        } }
        let count = dataset.columns.count + dataset.dimensions.count
        return ResultTable(
            columns: [
                column("column", names.map(Value.text), .text),
                column("type", types.map(Value.text), .text),
                column("nulls", nulls, .integer),
                column("distinct", distinct, .integer),
                column("min", rendered(minimums), .text),
                column("max", rendered(maximums), .text),
            ],
            rowCount: count,
            caption: caption)
    }
}

extension ValueDescription {
    /// A value as plain text, without quotes. A timestamp reads `2017-07-15 09:30:00`, with
    /// `.ffffff` when it has a fraction of a second (`09:30:00.250000`), as in a table.
    static func plain(_ value: Value) -> String {
        switch value {
        case .text(let text): return text
        case .timestamp(let micros):
            let days = Int(PeriodVectors.floorDays(micros))
            let inDay = micros - Int64(days) * PeriodVectors.microsecondsPerDay
            let seconds = Int(inDay / 1_000_000), fraction = Int(inDay % 1_000_000)
            let text = CivilDate.isoString(days: days) + " " + CivilDate.pad(seconds / 3600, 2) + ":" + CivilDate.pad(seconds / 60 % 60, 2) + ":" + CivilDate.pad(seconds % 60, 2)
            return fraction == 0 ? text : text + "." + CivilDate.pad(fraction, 6)
        default: return text(value)
        }
    }
}
