import Foundation

/// Splits paragraphs into sentences: ICU's sentence rules, then our own abbreviation rules
/// ("Maj. Gen.", "Col. Gen.", "U.S.", "Dr.", initials). A sentence never crosses a paragraph
/// break or an excluded region.
public struct SentenceSplitter: Sendable {
    /// Abbreviations after which a period does not end a sentence (`Resources/abbreviations.txt`).
    public let abbreviations: Set<String>
    /// Words that start a new sentence even after an ambiguous abbreviation such as "U.S.".
    public let sentenceStarters: Set<String>

    public init(lexicon: Lexicon = .shared) {
        abbreviations = lexicon.abbreviations
        sentenceStarters = lexicon.sentenceStarters
    }

    /// Sentences inside `paragraphs`, skipping `excluded` regions.
    /// - Complexity: O(n) in the text length.
    public func split(_ text: String, paragraphs: [TextRange], excluded: [ExcludedRegion] = []) throws -> [TextRange] {
        let iterator = try BreakIterator(.sentence)
        var copy = text
        return copy.withUTF8 { bytes in
            var sentences: [TextRange] = []
            for piece in Self.subtract(excluded.map(\.range), from: paragraphs) {
                let slice = UnsafeBufferPointer(rebasing: bytes[piece.start..<piece.end])
                var start = 0
                let firstInPiece = sentences.count
                func emit(_ from: Int, _ to: Int) {
                    guard let trimmed = trim(slice, from, to) else { return }
                    let range = TextRange(piece.start + trimmed.start, piece.start + trimmed.end)
                    // A fragment with no letter or digit (a closing "*" or quote) joins the
                    // sentence before it.
                    if !hasAlphanumeric(slice, trimmed.start, trimmed.end), sentences.count > firstInPiece {
                        sentences[sentences.count - 1].end = range.end
                    } else {
                        sentences.append(range)
                    }
                }
                for boundary in iterator.boundaries(slice) {
                    if boundary < slice.count, !isRealBreak(slice, at: boundary) { continue }
                    emit(start, boundary)
                    start = boundary
                }
                if start < slice.count { emit(start, slice.count) }
            }
            return sentences
        }
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
    private func isRealBreak(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        // The token before the boundary: back over white space, then to the previous space.
        var e = offset
        while e > 0, b[e - 1] == 0x20 || b[e - 1] == 0x0A || b[e - 1] == 0x09 || b[e - 1] == 0x0D { e -= 1 }
        guard e > 0, b[e - 1] == UInt8(ascii: ".") else { return true }
        var s = e - 1
        while s > 0, b[s - 1] != 0x20, b[s - 1] != 0x0A, b[s - 1] != 0x09, b[s - 1] != UInt8(ascii: "("),
            b[s - 1] != UInt8(ascii: "\""), e - s < 24
        {
            s -= 1
        }
        let token = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
        let next = nextWord(b, from: offset)
        // Initials: "J. Smith", "George W. Bush".
        if token.utf8.count == 2, let f = token.utf8.first, f >= 0x41, f <= 0x5A {
            return next.map { sentenceStarters.contains($0) } ?? true
        }
        guard abbreviations.contains(token) else { return true }
        // Dotted acronyms ("U.S.", "U.N.") end sentences before a typical sentence opener.
        let dots = token.utf8.filter { $0 == UInt8(ascii: ".") }.count
        if dots >= 2, let next, sentenceStarters.contains(next) { return true }
        return false
    }

    private func nextWord(_ b: UnsafeBufferPointer<UInt8>, from offset: Int) -> String? {
        var s = offset
        while s < b.count, b[s] == 0x20 || b[s] == 0x0A || b[s] == UInt8(ascii: "\"") { s += 1 }
        var e = s
        while e < b.count, DateExpressions.isLetter(b[e]) { e += 1 }
        guard e > s else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
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
