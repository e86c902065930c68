/// A calendar date written in a text: "Sunday, February 4, 2018", "10 Feb. 2018", "2018-02-10",
/// "February 1" (no year).
public struct DateExpression: Sendable, Hashable, Codable {
    /// Byte range of the whole expression, weekday included.
    public var range: TextRange
    public var year: Int?
    public var month: Int
    public var dayOfMonth: Int?
    /// The weekday the text states (1 = Monday ... 7 = Sunday), if it states one.
    public var statedWeekday: Int?

    /// The day, when the text gives day, month and year.
    public var day: Day? {
        guard let year, let dayOfMonth else { return nil }
        return Day(year: year, month: month, day: dayOfMonth)
    }
}

/// Finds written dates with a single forward scan over the bytes.
public enum DateExpressions {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    static let weekdays: [String: Int] = [
        "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3, "thursday": 4,
        "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
    ]

    /// The first complete date (day, month and year) in `text`.
    public static func firstDay(in text: String) -> Day? {
        find(in: text).lazy.compactMap(\.day).first
    }

    /// All date expressions in `text`, in order.
    /// - Complexity: O(n).
    public static func find(in text: String, within range: TextRange? = nil) -> [DateExpression] {
        var copy = text
        return copy.withUTF8 { find(bytes: $0, within: range ?? TextRange(0, $0.count)) }
    }

    static let monthByKey: [UInt64: Int] = Dictionary(uniqueKeysWithValues: months.map { (ByteKey.lower($0.key)!, $0.value) })
    static let weekdayByKey: [UInt64: Int] = Dictionary(uniqueKeysWithValues: weekdays.map { (ByteKey.lower($0.key)!, $0.value) })
    static let ofKey = ByteKey.lower("of")!
    static let mayKey = ByteKey.lower("may")!
    static let theKey = ByteKey.lower("the")!
    static let aKey = ByteKey.lower("a")!

    /// A word of the scan: its byte range, and its key (letters) or value (digits).
    private struct Word {
        var start: Int
        var end: Int
        var key: UInt64?  // lower-cased letters, see ByteKey
        var number: Int?
        var digits: Int
        var isISO = false
        var letterCount: Int { key == nil ? 0 : end - start }
    }

    static func find(bytes: UnsafeBufferPointer<UInt8>, within range: TextRange) -> [DateExpression] {
        // 1. Split into words (ASCII letters or digits); everything else is a separator.
        var words: [Word] = []
        var i = range.start
        let end = min(range.end, bytes.count)
        while i < end {
            let b = bytes[i]
            if isLetter(b) {
                let s = i
                while i < end, isLetter(bytes[i]) { i += 1 }
                if i - s <= 9 {
                    words.append(Word(start: s, end: i, key: ByteKey.lower(bytes, s, i), number: nil, digits: 0))
                } else {
                    words.append(Word(start: s, end: i, key: nil, number: nil, digits: 0))
                }
            } else if isDigit(b) {
                let s = i
                var n = 0
                while i < end, isDigit(bytes[i]), i - s < 9 {
                    n = n * 10 + Int(bytes[i] - 48)
                    i += 1
                }
                let digitCount = i - s
                // Ordinal suffixes: 4th, 1st, 22nd, 3rd.
                var wordEnd = i
                if i + 1 < end, isLetter(bytes[i]), isLetter(bytes[i + 1]), i + 2 >= end || !isLetter(bytes[i + 2]) {
                    let suffix = String(decoding: [bytes[i] | 0x20, bytes[i + 1] | 0x20], as: UTF8.self)
                    if ["st", "nd", "rd", "th"].contains(suffix) {
                        wordEnd = i + 2
                        i += 2
                    }
                }
                words.append(Word(start: s, end: wordEnd, key: nil, number: n, digits: digitCount))
                // ISO 8601: 2018-02-10 as one word.
                if i < end, bytes[i] == UInt8(ascii: "-"), i - s == 4, let iso = isoDate(bytes, s, end) {
                    words.removeLast()
                    words.append(Word(start: s, end: s + 10, key: nil, number: iso, digits: 8, isISO: true))
                    i = s + 10
                }
            } else {
                i += 1
            }
        }
        // 2. Match patterns over the word list.
        var found: [DateExpression] = []
        var w = 0
        while w < words.count {
            let word = words[w]
            var weekday: Int?
            let startWord = w
            var m = w
            // A weekday stated before its date: "Tuesday, 15 March", "Tue. 15 Mar", "Tuesday the 15th".
            if let (wd, dateWord) = leadingWeekday(bytes, words, at: w) {
                weekday = wd
                m = dateWord
            }
            if m < words.count, words[m].isISO, let packed = words[m].number {
                var expression = DateExpression(
                    range: TextRange(words[startWord].start, words[m].end), year: packed / 10000, month: packed / 100 % 100,
                    dayOfMonth: packed % 100, statedWeekday: weekday)
                found.append(trailingWeekday(bytes, words, after: &expression, next: m + 1, w: &w))
                continue
            }
            // Month-first: "February 4, 2018" / "Feb. 4 2018" / "February 4" / "February 2018".
            if m < words.count, let key = words[m].key, let month = monthByKey[key],
                key != mayKey || (m + 1 < words.count && words[m + 1].number != nil)
            {
                if m + 1 < words.count, let d = words[m + 1].number, words[m + 1].digits <= 2, (1...31).contains(d),
                    gap(bytes, words[m].end, words[m + 1].start) <= 2
                {
                    var expression = DateExpression(
                        range: TextRange(words[startWord].start, words[m + 1].end), year: nil, month: month,
                        dayOfMonth: d, statedWeekday: weekday)
                    var next = m + 2
                    if m + 2 < words.count, let y = words[m + 2].number, words[m + 2].digits == 4,
                        gap(bytes, words[m + 1].end, words[m + 2].start) <= 2
                    {
                        expression.year = y
                        expression.range.end = words[m + 2].end
                        next = m + 3
                    }
                    found.append(trailingWeekday(bytes, words, after: &expression, next: next, w: &w))
                    continue
                }
                if m + 1 < words.count, let y = words[m + 1].number, words[m + 1].digits == 4, weekday == nil,
                    gap(bytes, words[m].end, words[m + 1].start) <= 2, (1800...2200).contains(y)
                {
                    // "February 2018": a month, no day. Recorded without a day.
                    found.append(
                        DateExpression(
                            range: TextRange(words[m].start, words[m + 1].end), year: y, month: month, dayOfMonth: nil,
                            statedWeekday: nil))
                    w = m + 2
                    continue
                }
            }
            // Day-first: "4 February 2018" / "Sunday, 4 February 2018" / "4th of February".
            if m + 1 < words.count, let d = words[m].number, words[m].digits <= 2, (1...31).contains(d) {
                var k = m + 1
                if words[k].key == ofKey, k + 1 < words.count { k += 1 }
                if let key = words[k].key, let month = monthByKey[key], words[k].letterCount >= 3,
                    gap(bytes, words[k - 1].end, words[k].start) <= 2
                {
                    var expression = DateExpression(
                        range: TextRange(words[startWord].start, words[k].end), year: nil, month: month, dayOfMonth: d,
                        statedWeekday: weekday)
                    var next = k + 1
                    if k + 1 < words.count, let y = words[k + 1].number, words[k + 1].digits == 4,
                        gap(bytes, words[k].end, words[k + 1].start) <= 2
                    {
                        expression.year = y
                        expression.range.end = words[k + 1].end
                        next = k + 2
                    }
                    found.append(trailingWeekday(bytes, words, after: &expression, next: next, w: &w))
                    continue
                }
            }
            w += 1
        }
        return found
    }

    /// The weekday word `w` states for the date that follows it, and the date's first word: the
    /// weekday written out or abbreviated ("Tue", "Tues."), then a comma or spaces, then the
    /// date, or "the" and the date ("Tuesday the 15th of March"). A weekday that ends a clause
    /// ("on Monday. 15 March", "Monday; 15 March", "Monday and 15 March") belongs to no date that
    /// follows it. An abbreviation counts only capitalised and not after "the" ("the Sun, 15
    /// March", "the court sat 15 March").
    private static func leadingWeekday(_ bytes: UnsafeBufferPointer<UInt8>, _ words: [Word], at w: Int) -> (Int, Int)? {
        let word = words[w]
        guard let key = word.key, let weekday = weekdayByKey[key], word.letterCount >= 3, w + 1 < words.count else { return nil }
        let abbreviated = word.letterCount < 6
        if abbreviated, !(bytes[word.start] >= 0x41 && bytes[word.start] <= 0x5A) || (w > 0 && words[w - 1].key == theKey) {
            return nil
        }
        // Separators: spaces and at most one comma; a full stop only right after an abbreviation.
        var next = w + 1
        if words[next].key == theKey, next + 1 < words.count, separatorsOnly(bytes, word.end, words[next].start, abbreviated: abbreviated) {
            next += 1
            guard separatorsOnly(bytes, words[next - 1].end, words[next].start, abbreviated: false) else { return nil }
        } else if !separatorsOnly(bytes, word.end, words[next].start, abbreviated: abbreviated) {
            return nil
        }
        return (weekday, next)
    }

    /// Whether only spaces and at most one comma lie between `a` and `b` (and a full stop right
    /// at `a` when `abbreviated`).
    private static func separatorsOnly(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, abbreviated: Bool) -> Bool {
        guard b - a >= 1, b - a <= 3 else { return false }
        var commas = 0
        for k in a..<b {
            let c = bytes[k]
            if c == UInt8(ascii: ",") {
                commas += 1
            } else if c == UInt8(ascii: ".") {
                guard abbreviated, k == a else { return false }
            } else if c == 0xC2, k + 1 < b, bytes[k + 1] == 0xA0 {
                continue  // the first byte of a no-break space
            } else if c != 0x20 && c != 0xA0 {
                return false
            }
        }
        return commas <= 1
    }

    /// `expression` with the weekday written after it, if the text states one there and none
    /// before: "15 March 2022 (Tuesday)", "March 15, 2022, a Tuesday". `w` is set to the word
    /// after the whole expression (`next` when no weekday follows).
    private static func trailingWeekday(
        _ bytes: UnsafeBufferPointer<UInt8>, _ words: [Word], after expression: inout DateExpression, next: Int, w: inout Int
    ) -> DateExpression {
        w = next
        guard expression.statedWeekday == nil, expression.year != nil, expression.dayOfMonth != nil, next < words.count else {
            return expression
        }
        func fullWeekday(_ k: Int) -> Int? {
            guard k < words.count, let key = words[k].key, words[k].letterCount >= 6 else { return nil }
            return weekdayByKey[key]
        }
        // "(Tuesday)": an opening bracket right before the weekday and a closing one right after.
        let between = Array(bytes[expression.range.end..<words[next].start])
        if between == Array(" (".utf8) || between == Array("(".utf8), let weekday = fullWeekday(next),
            words[next].end < bytes.count, bytes[words[next].end] == UInt8(ascii: ")")
        {
            expression.statedWeekday = weekday
            expression.range.end = words[next].end + 1
            w = next + 1
            return expression
        }
        // ", a Tuesday" closed by punctuation (not "a Tuesday meeting").
        if between == Array(", ".utf8), words[next].key == aKey, words[next].end - words[next].start == 1, let weekday = fullWeekday(next + 1),
            words[next + 1].start - words[next].end == 1
        {
            let after = words[next + 1].end
            if after == bytes.count || Array(",.;:)".utf8).contains(bytes[after]) {
                expression.statedWeekday = weekday
                expression.range.end = after
                w = next + 2
            }
        }
        return expression
    }

    /// How many separator bytes lie between two words ("Feb. 4," has gap 2).
    private static func gap(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Int {
        var n = 0
        for k in a..<b {
            let c = bytes[k]
            guard c == 0x20 || c == UInt8(ascii: ",") || c == UInt8(ascii: ".") || c == 0xA0 || c == 0xC2 else {
                return 99
            }
            n += 1
        }
        return n
    }

    private static func isoDate(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ end: Int) -> Int? {
        guard s + 10 <= end, bytes[s + 4] == UInt8(ascii: "-"), bytes[s + 7] == UInt8(ascii: "-") else { return nil }
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(bytes[s + k]) { return nil }
        if s + 10 < end, isDigit(bytes[s + 10]) { return nil }
        var value = 0
        for k in [0, 1, 2, 3, 5, 6, 8, 9] { value = value * 10 + Int(bytes[s + k] - 48) }
        let year = value / 10000
        let month = value / 100 % 100
        let day = value % 100
        guard Day(year: year, month: month, day: day) != nil else { return nil }
        return value
    }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
