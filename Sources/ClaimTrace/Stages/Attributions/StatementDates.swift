/// When a statement was made, from the words around it: a full date ("On Sunday, February 4,
/// 2018"), a month ("in late January", "last September"), a weekday ("Friday"), "yesterday".
/// Relative forms are resolved against the publication date, looking back from it.
public enum StatementDates {
    /// The date stated in `sentence` outside `content`, or nil.
    /// - Complexity: O(sentence length).
    public static func date(in sentence: TextRange, outside content: TextRange, text: String, published: Day?) -> StatementDate? {
        let expressions = DateExpressions.find(in: text, within: sentence).filter { !content.contains($0.range.start) }
        if let full = expressions.first(where: { $0.day != nil }), let day = full.day {
            return StatementDate(day: day, precision: .day, range: full.range, relative: false)
        }
        // "February 1" without a year: the latest such day on or before publication.
        if let partial = expressions.first(where: { $0.dayOfMonth != nil }), let published, let dom = partial.dayOfMonth {
            var year = published.year
            if let d = Day(year: year, month: partial.month, day: dom), d > published { year -= 1 }
            if let d = Day(year: year, month: partial.month, day: dom) {
                return StatementDate(day: d, precision: .day, range: partial.range, relative: true)
            }
        }
        if let monthYear = expressions.first(where: { $0.year != nil }), let year = monthYear.year,
            let d = Day(year: year, month: monthYear.month, day: 1)
        {
            return StatementDate(day: d, precision: .month, range: monthYear.range, relative: false)
        }
        guard let published else { return nil }
        // Words: weekdays, months, "yesterday", "last week".
        var copy = text
        return copy.withUTF8 { bytes -> StatementDate? in
            let words = Tokenizer().tokens(bytes: bytes, in: sentence).filter { !content.contains($0.range.start) }
            for (i, token) in words.enumerated() {
                let w = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.range.start..<token.range.end]), as: UTF8.self).lowercased()
                if w == "yesterday", let d = Day(ordinal: published.ordinal - 1) {
                    return StatementDate(day: d, precision: .day, range: token.range, relative: true)
                }
                if let weekday = DateExpressions.weekdays[w], w.count >= 6 {
                    // The latest such weekday on or before publication.
                    let back = (published.weekday - weekday + 7) % 7
                    if let d = Day(ordinal: published.ordinal - back) {
                        return StatementDate(day: d, precision: .day, range: token.range, relative: true)
                    }
                }
                if let month = DateExpressions.months[w], w.count >= 4 || w == "may" && i > 0 {
                    let previous = i > 0
                        ? String(decoding: UnsafeBufferPointer(rebasing: bytes[words[i - 1].range.start..<words[i - 1].range.end]), as: UTF8.self).lowercased()
                        : ""
                    guard ["in", "last", "late", "early", "mid", "since", "until", "this"].contains(previous) else { continue }
                    // "last September" is the latest September before the publication month.
                    var year = published.year
                    if month > published.month || (previous == "last" && month >= published.month) { year -= 1 }
                    if let d = Day(year: year, month: month, day: 1) {
                        let start = previous == "last" || previous == "late" || previous == "early" ? words[i - 1].range.start : token.range.start
                        return StatementDate(day: d, precision: .month, range: TextRange(start, token.range.end), relative: true)
                    }
                }
            }
            return nil
        }
    }
}

extension Day {
    /// The day `ordinal` days after 1970-01-01.
    public init?(ordinal: Int) {
        // Howard Hinnant's civil_from_days.
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }
}
