import Foundation

/// Splits paragraphs into sentences: ICU's sentence rules, then our own abbreviation rules
/// ("Maj. Gen.", "Col. Gen.", "U.S.", "Dr.", initials). A sentence never crosses a paragraph
/// break or an excluded region, and never runs over ``maxSentenceBytes``: a longer stretch
/// without a sentence end (a list, a table, or hostile text such as "said said said ...") is
/// cut at a space, so that the stages that read a sentence as a whole stay linear in the text.
public struct SentenceSplitter: Sendable {
    /// Longest sentence, in bytes. The longest real sentences are well under half of it (984
    /// bytes in PolNeAR's 924 articles, 840 in PTC's 371); longer stretches are cut at the last
    /// space in the second half of the limit, else at the last character boundary before it.
    public let maxSentenceBytes: Int
    /// Abbreviations after which a period does not end a sentence (`Resources/abbreviations.txt`).
    public let abbreviations: Set<String>
    /// Words that start a new sentence even after an ambiguous abbreviation such as "U.S.".
    public let sentenceStarters: Set<String>
    private let abbreviationKeys: Set<UInt64>
    private let dottedAcronymKeys: Set<UInt64>
    private let starterKeys: Set<UInt64>

    public init(lexicon: Lexicon = .shared, maxSentenceBytes: Int = 2_000) {
        self.maxSentenceBytes = max(16, maxSentenceBytes)
        abbreviations = lexicon.abbreviations
        sentenceStarters = lexicon.sentenceStarters
        abbreviationKeys = Set(abbreviations.compactMap(ByteKey.exact))
        dottedAcronymKeys = Set(abbreviations.filter { $0.filter { $0 == "." }.count >= 2 }.compactMap(ByteKey.exact))
        starterKeys = Set(sentenceStarters.compactMap(ByteKey.exact))
    }

    /// Sentences inside `paragraphs`, skipping `excluded` regions.
    /// - Complexity: O(n) in the text length.
    public func split(_ text: String, paragraphs: [TextRange], excluded: [ExcludedRegion] = []) throws -> [TextRange] {
        let iterator = try BreakIterator(.sentence)
        var copy = text
        return copy.withUTF8 { bytes in
            // ICU once over the whole text; its boundaries are then cut to each piece.
            let boundaries = iterator.boundaries(bytes)
            var sentences: [TextRange] = []
            var b = 0
            for piece in Self.subtract(excluded.map(\.range), from: paragraphs) {
                let firstInPiece = sentences.count
                func emit(_ from: Int, _ to: Int) {
                    guard let trimmed = trim(bytes, from, to) else { return }
                    var range = TextRange(trimmed.start, trimmed.end)
                    // A fragment with no letter or digit (a closing "*" or quote) joins the
                    // sentence before it (as long as that stays within the limit).
                    if !hasAlphanumeric(bytes, trimmed.start, trimmed.end), sentences.count > firstInPiece,
                        range.end - sentences[sentences.count - 1].start <= maxSentenceBytes
                    {
                        sentences[sentences.count - 1].end = range.end
                        return
                    }
                    guard range.length > maxSentenceBytes else {
                        sentences.append(range)
                        return
                    }
                    // Too long: cut into pieces of at most the limit (a piece may run over it by
                    // one character when a single character is longer).
                    let characters = GraphemeClusters(bytes, in: range)
                    while range.length > maxSentenceBytes {
                        let cut = cutPoint(bytes, range, characters)
                        guard cut < range.end else { break }
                        if let piece = trim(bytes, range.start, cut) { sentences.append(TextRange(piece.start, piece.end)) }
                        guard let rest = trim(bytes, cut, range.end) else { return }
                        range = TextRange(rest.start, rest.end)
                    }
                    sentences.append(range)
                }
                while b < boundaries.count, boundaries[b] <= piece.start { b += 1 }
                var start = piece.start
                while b < boundaries.count, boundaries[b] < piece.end {
                    let boundary = boundaries[b]
                    b += 1
                    if !isRealBreak(bytes, at: boundary, within: piece) { continue }
                    emit(start, boundary)
                    start = boundary
                }
                emit(start, piece.end)
            }
            return sentences
        }
    }

    /// Where to cut a stretch longer than the limit: after the last white space in the second
    /// half of the limit, else at the last character boundary within it, else (one character
    /// longer than the limit) at the first boundary after it.
    private func cutPoint(_ b: UnsafeBufferPointer<UInt8>, _ range: TextRange, _ characters: GraphemeClusters) -> Int {
        let limit = range.start + maxSentenceBytes
        var k = limit
        while k > range.start + maxSentenceBytes / 2 {
            if b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0A || b[k] == 0x0D { return k }
            k -= 1
        }
        let before = characters.boundary(atOrBefore: limit, b)
        return before > range.start ? before : characters.boundary(atOrAfter: limit, b)
    }

    /// The parts of `ranges` not covered by `holes` (both sorted).
    static func subtract(_ holes: [TextRange], from ranges: [TextRange]) -> [TextRange] {
        guard !holes.isEmpty else { return ranges }
        let sortedHoles = holes.sorted()
        var out: [TextRange] = []
        var h = 0
        for range in ranges {
            var cursor = range.start
            while h < sortedHoles.count, sortedHoles[h].end <= range.start { h += 1 }
            var k = h
            while k < sortedHoles.count, sortedHoles[k].start < range.end {
                let hole = sortedHoles[k]
                if hole.start > cursor { out.append(TextRange(cursor, hole.start)) }
                cursor = max(cursor, hole.end)
                k += 1
            }
            if cursor < range.end { out.append(TextRange(cursor, range.end)) }
        }
        return out
    }

    /// Decides whether ICU's boundary at `offset` is a real sentence end.
    private func isRealBreak(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, within piece: TextRange) -> Bool {
        // The token before the boundary: back over white space, then to the previous space.
        var e = offset
        while e > piece.start, b[e - 1] == 0x20 || b[e - 1] == 0x0A || b[e - 1] == 0x09 || b[e - 1] == 0x0D { e -= 1 }
        // A quoted question or exclamation that its attribution follows in lower case
        // (“You winning?” she said) is one sentence; ICU breaks after any "?" or "!".
        var q = e
        if q - piece.start >= 3, b[q - 1] == 0x9D, b[q - 2] == 0x80, b[q - 3] == 0xE2 {
            q -= 3
        } else if q > piece.start, b[q - 1] == UInt8(ascii: "\"") {
            q -= 1
        }
        if q < e, q > piece.start, b[q - 1] == UInt8(ascii: "?") || b[q - 1] == UInt8(ascii: "!") {
            var k = offset
            while k < piece.end, b[k] == 0x20 || b[k] == 0x0A || b[k] == 0x09 || b[k] == 0x0D { k += 1 }
            if k < piece.end, b[k] >= 0x61, b[k] <= 0x7A { return false }
        }
        guard e > piece.start, b[e - 1] == UInt8(ascii: ".") else { return true }
        var s = e - 1
        while s > piece.start, b[s - 1] != 0x20, b[s - 1] != 0x0A, b[s - 1] != 0x0D, b[s - 1] != 0x09, b[s - 1] != UInt8(ascii: "("),
            b[s - 1] != UInt8(ascii: "\""), e - s < 14
        {
            s -= 1
        }
        // Initials: "J. Smith", "George W. Bush".
        if e - s == 2, b[s] >= 0x41, b[s] <= 0x5A {
            return nextWordIsStarter(b, from: offset, within: piece) ?? true
        }
        guard let key = ByteKey.exact(b, s, e), abbreviationKeys.contains(key) else { return true }
        // Dotted acronyms ("U.S.", "U.N.") end sentences before a typical sentence opener.
        if dottedAcronymKeys.contains(key), nextWordIsStarter(b, from: offset, within: piece) == true { return true }
        return false
    }

    /// Whether the word after `offset` typically opens a sentence; nil when there is none.
    private func nextWordIsStarter(_ b: UnsafeBufferPointer<UInt8>, from offset: Int, within piece: TextRange) -> Bool? {
        var s = offset
        while s < piece.end, b[s] == 0x20 || b[s] == 0x0A || b[s] == 0x0D || b[s] == UInt8(ascii: "\"") { s += 1 }
        var e = s
        while e < piece.end, DateExpressions.isLetter(b[e]) { e += 1 }
        guard e > s else { return nil }
        return ByteKey.exact(b, s, e).map { starterKeys.contains($0) } ?? false
    }

    private func hasAlphanumeric(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for i in start..<end {
            let c = b[i]
            if c >= 0x80 || (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c >= 0x30 && c <= 0x39 { return true }
        }
        return false
    }

    private func trim(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (start: Int, end: Int)? {
        var s = start
        var e = end
        while s < e, b[s] == 0x20 || b[s] == 0x0A || b[s] == 0x09 || b[s] == 0x0D { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x0A || b[e - 1] == 0x09 || b[e - 1] == 0x0D { e -= 1 }
        return e > s ? (s, e) : nil
    }
}
