/// Where the characters a reader sees (extended grapheme clusters) of several Unicode
/// scalars lie in a text: a letter and its combining accents ("e" + U+0301), a ZWJ emoji
/// sequence (👩‍👩‍👧), a flag (two regional indicators), CR LF. A span must neither start nor end
/// inside one; ``snap(_:in:)`` widens a span to whole characters.
///
/// Only the text around non-ASCII bytes (and CR LF) is looked at: between two ASCII bytes
/// other than CR LF there is always a character boundary, whatever comes before or after, so
/// the text falls into independent stretches, each read once with Swift's grapheme breaking
/// (Unicode's UAX #29 rules). ASCII text costs one pass over its bytes.
public struct GraphemeClusters: Sendable {
    /// Clusters of two or more scalars, sorted and disjoint.
    private(set) var clusters: [TextRange]

    /// The clusters of the whole of `text`.
    /// - Complexity: O(n) in the text's UTF-8 length.
    public init(_ text: String) {
        var copy = text
        clusters = copy.withUTF8 { Self.find($0, in: TextRange(0, $0.count)) }
    }

    /// The clusters inside `range` of `bytes` (valid UTF-8), reading `range.start` as a
    /// character boundary.
    /// - Complexity: O(range length).
    init(_ bytes: UnsafeBufferPointer<UInt8>, in range: TextRange) {
        clusters = Self.find(bytes, in: range)
    }

    static func find(_ b: UnsafeBufferPointer<UInt8>, in range: TextRange) -> [TextRange] {
        let end = min(range.end, b.count)
        /// A position between two ASCII bytes that are not CR LF: always a boundary.
        func isSafe(_ p: Int) -> Bool {
            p <= range.start || p >= end || (b[p - 1] < 0x80 && b[p] < 0x80 && !(b[p - 1] == 0x0D && b[p] == 0x0A))
        }
        var out: [TextRange] = []
        var i = range.start
        while i < end {
            let c = b[i]
            if c < 0x80, !(c == 0x0D && i + 1 < end && b[i + 1] == 0x0A) {
                i += 1
                continue
            }
            // A stretch from the safe position before `i` (an ASCII letter there may carry the
            // accents that follow it) to the next safe position.
            let start = max(range.start, i - 1)
            var stop = i + 1
            while !isSafe(stop) { stop += 1 }
            let stretch = String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self)
            var offset = start
            for character in stretch {
                let length = character.utf8.count
                if character.unicodeScalars.count > 1 { out.append(TextRange(offset, offset + length)) }
                offset += length
            }
            i = stop
        }
        return out
    }

    /// Whether no cluster of several scalars lies strictly across `offset`.
    /// (Offsets inside one scalar's bytes are the caller's to round; see ``snap(_:in:)``.)
    /// - Complexity: O(log clusters).
    public func isBoundary(_ offset: Int) -> Bool { cluster(across: offset) == nil }

    /// The cluster that `offset` falls strictly inside, if any.
    func cluster(across offset: Int) -> TextRange? {
        let k = clusters.partitionPoint { $0.start >= offset } - 1
        return k >= 0 && clusters[k].end > offset ? clusters[k] : nil
    }

    /// The nearest character boundary at or before `offset` in `bytes`.
    func boundary(atOrBefore offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var o = min(max(offset, 0), bytes.count)
        while o > 0, o < bytes.count, bytes[o] & 0xC0 == 0x80 { o -= 1 }
        return cluster(across: o)?.start ?? o
    }

    /// The nearest character boundary at or after `offset` in `bytes`.
    func boundary(atOrAfter offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var o = min(max(offset, 0), bytes.count)
        while o < bytes.count, bytes[o] & 0xC0 == 0x80 { o += 1 }
        return cluster(across: o)?.end ?? o
    }

    /// `range` widened to whole characters: its start moved back and its end forward to the
    /// nearest boundaries (a span never ends inside 👩‍👩‍👧, 🇫🇷, e + U+0301 or between CR and LF).
    /// - Complexity: O(log clusters).
    func snap(_ range: TextRange, in bytes: UnsafeBufferPointer<UInt8>) -> TextRange {
        let start = boundary(atOrBefore: range.start, bytes)
        return TextRange(start, max(start, boundary(atOrAfter: range.end, bytes)))
    }
}

extension AnalyzedDocument {
    /// Widens every span the stages found to whole characters (see ``GraphemeClusters``): the
    /// stages scan bytes and tokens, and a token ends at a zero-width joiner inside 👩‍👩‍👧, between
    /// the two regional indicators of 🇫🇷 or before a combining accent; a span must not.
    /// - Complexity: O(text + spans × log clusters); one pass over the bytes when the text has
    ///   no character of several scalars.
    mutating func keepWholeCharacters() {
        let characters = GraphemeClusters(document.text)
        var copy = document.text
        copy.withUTF8 { b in
            func snap(_ r: inout TextRange) { r = characters.snap(r, in: b) }
            func snap(_ r: inout TextRange?) { if let range = r { r = characters.snap(range, in: b) } }
            for k in paragraphs.indices { snap(&paragraphs[k]) }
            for k in excluded.indices { snap(&excluded[k].range) }
            for k in sentences.indices { snap(&sentences[k]) }
            for k in dates.indices { snap(&dates[k].range) }
            for k in mentions.indices {
                snap(&mentions[k].range)
                snap(&mentions[k].role)
            }
            for k in attributions.indices {
                snap(&attributions[k].source)
                snap(&attributions[k].antecedent)
                snap(&attributions[k].cue)
                snap(&attributions[k].content)
                snap(&attributions[k].venue)
                if attributions[k].date != nil { snap(&attributions[k].date!.range) }
            }
            for k in assertions.indices { snap(&assertions[k].range) }
            for k in quantities.indices {
                snap(&quantities[k].range)
                snap(&quantities[k].subjectRange)
            }
            for k in techniques.indices { snap(&techniques[k].range) }
        }
    }
}
