/// Splits text into paragraphs.
///
/// Lines end at LF, CR LF or a lone CR (old Mac files): the text is never rewritten, so every
/// scanner of lines treats the three alike. A blank line always ends a paragraph. A single line break ends one too, unless the line
/// reads as wrapped: a line of 40 bytes or more that ends in a comma or semicolon (or, in
/// hard-wrapped text, a lower-case letter or hyphen), or a next line that starts in lower case. So "one paragraph per line" files and hard-wrapped text both
/// come out right.
public struct ParagraphSplitter: Sendable {
    /// Lines shorter than this many bytes are never taken as wrapped.
    static let wrappedLineMinimum = 40

    public init() {}

    /// - Complexity: O(n).
    public func split(_ text: String) -> [TextRange] {
        var copy = text
        return copy.withUTF8 { split(bytes: $0) }
    }

    public func split(bytes: UnsafeBufferPointer<UInt8>) -> [TextRange] {
        // Lines as (start, end) without the line terminator, trimmed of trailing white space.
        let wrapped = Self.isHardWrapped(bytes)
        var paragraphs: [TextRange] = []
        var paragraphStart = -1
        var paragraphEnd = -1
        var previousLineJoins = false
        var i = 0
        let n = bytes.count
        while i <= n {
            let lineEnd = Self.lineEnd(bytes, from: i)
            // Trim the line.
            var s = i
            var e = lineEnd
            while s < e, isSpace(bytes, s) { s += spaceWidth(bytes, s) }
            while e > s, isSpaceBefore(bytes, e) { e -= spaceWidthBefore(bytes, e) }
            if s == e {
                if paragraphStart >= 0 { paragraphs.append(TextRange(paragraphStart, paragraphEnd)) }
                paragraphStart = -1
            } else {
                if paragraphStart >= 0, !(previousLineJoins || startsLower(bytes, s, e)) {
                    paragraphs.append(TextRange(paragraphStart, paragraphEnd))
                    paragraphStart = -1
                }
                if paragraphStart < 0 { paragraphStart = s }
                paragraphEnd = e
                previousLineJoins = endsWrapped(bytes, s, e, raw: lineEnd, hardWrapped: wrapped)
            }
            i = lineEnd + 1
        }
        if paragraphStart >= 0 { paragraphs.append(TextRange(paragraphStart, paragraphEnd)) }
        return paragraphs
    }

    /// Where the line starting at `i` ends: at the next LF (a CR before it stays in the line,
    /// as white space to trim), or at a CR that no LF follows; `b.count` for the last line.
    /// - Complexity: O(line length).
    static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var k = i
        while k < b.count, b[k] != 0x0A, !(b[k] == 0x0D && (k + 1 == b.count || b[k + 1] != 0x0A)) { k += 1 }
        return k
    }

    /// Whether the text is hard-wrapped (lines broken at a fixed width): several lines of 40
    /// bytes or more, and almost none over 100. Text whose lines are paragraphs is not.
    static func isHardWrapped(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var longLines = 0
        var veryLongLines = 0
        var start = 0
        while start <= b.count {
            let end = lineEnd(b, from: start)
            let length = end - start
            if length >= wrappedLineMinimum { longLines += 1 }
            if length > 100 { veryLongLines += 1 }
            start = end + 1
        }
        return longLines >= 3 && veryLongLines * 20 <= longLines
    }

    private func isSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C || c == 0x0B { return true }
        return c == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0  // no-break space
    }
    private func spaceWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { b[i] == 0xC2 ? 2 : 1 }
    private func isSpaceBefore(_ b: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        let c = b[e - 1]
        if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C || c == 0x0B { return true }
        return c == 0xA0 && e >= 2 && b[e - 2] == 0xC2
    }
    private func spaceWidthBefore(_ b: UnsafeBufferPointer<UInt8>, _ e: Int) -> Int { b[e - 1] == 0xA0 ? 2 : 1 }

    private func startsLower(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let c = b[s]
        return c >= 0x61 && c <= 0x7A
    }

    /// Whether a line continues on the next one: ends in a lower-case letter, `,`, `;`, `-`,
    /// or in two spaces (a Markdown hard break inside one paragraph).
    private func endsWrapped(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, raw: Int, hardWrapped: Bool) -> Bool {
        let c = b[e - 1]
        // Short lines ("By Jane Roe", a heading) stand alone even when they end in lower case.
        let long = e - s >= Self.wrappedLineMinimum
        if long, c == UInt8(ascii: ",") || c == UInt8(ascii: ";") { return true }
        if long, hardWrapped, (c >= 0x61 && c <= 0x7A) || (c == UInt8(ascii: "-") && b[e - 2] != UInt8(ascii: "-")) {
            return true
        }
        var k = raw
        if k > 0, b[k - 1] == 0x0D { k -= 1 }
        return k - e >= 2 && b[k - 1] == 0x20 && b[k - 2] == 0x20 && e - s > 20
    }
}
