import Foundation
import Testing

@testable import ClaimTrace

/// Spans never start or end inside a character a reader sees as one: a ZWJ emoji sequence, a
/// flag, a letter with a combining accent, CR LF.
@Suite struct WholeCharacterTests {
    /// Every span of the analysed document, with what it is.
    static func spans(_ doc: AnalyzedDocument) -> [(String, TextRange)] {
        var out: [(String, TextRange)] = doc.paragraphs.map { ("paragraph", $0) } + doc.sentences.map { ("sentence", $0) }
        out += doc.excluded.map { ("excluded", $0.range) } + doc.dates.map { ("date", $0.range) }
        for m in doc.mentions { out += [("mention", m.range)] + (m.role.map { [("role", $0)] } ?? []) }
        for a in doc.attributions {
            out += [("cue", a.cue), ("content", a.content)] + [a.source, a.antecedent, a.venue, a.date?.range].compactMap { $0 }.map { ("attribution part", $0) }
        }
        out += doc.assertions.map { ("assertion", $0.range) } + doc.techniques.map { ("technique", $0.range) }
        for q in doc.quantities { out += [("quantity", q.range)] + (q.subjectRange.map { [("quantity subject", $0)] } ?? []) }
        return out
    }

    static let text = """
        Families flee 👩‍👩‍👧 as fighting spreads 🇫🇷🇫🇷

        The ministry said on February 4\u{301} that 7,000\u{301} fighters had crossed into Café\u{301} Province 👩‍👩‍👧.

        “We will never accept this disgrace 🇫🇷,” Ana Berg said on Sunday. Officials counted 40\u{301} trucks 👩‍👩‍👧\r
        and 300🇫🇷 barrels.
        """

    @Test func everySpanStartsAndEndsBetweenCharacters() throws {
        let doc = try analyze(Self.text)
        let cuts = characterBoundaries(Self.text)
        let spans = Self.spans(doc)
        // The document has spans of each kind that ended inside a character before.
        // (Compared as bytes: as Characters, "4" + U+0301 is not "4".)
        #expect(doc.dates.contains { doc.substring($0.range).utf8.starts(with: "February 4".utf8) })
        #expect(doc.quantities.contains { doc.substring($0.range).utf8.starts(with: "7,000".utf8) })
        for (kind, range) in spans {
            #expect(cuts.contains(range.start) && cuts.contains(range.end), "\(kind) \(range): “\(doc.substring(range))”")
        }
        // The accent belongs to the date and the figure it follows.
        #expect(doc.dates.contains { doc.substring($0.range) == "February 4\u{301}" })
    }

    @Test func snappingWidensToWholeCharacters() {
        let text = "a👩‍👩‍👧b🇫🇷e\u{301}\r\nz"
        let clusters = GraphemeClusters(text)
        var copy = text
        copy.withUTF8 { b in
            // 👩‍👩‍👧 is bytes 1..<19: an offset inside it widens to its edges.
            #expect(clusters.snap(TextRange(5, 9), in: b) == TextRange(1, 19))
            // The flag (two regional indicators, 8 bytes) after "b".
            #expect(clusters.snap(TextRange(20, 24), in: b) == TextRange(20, 28))
            // "e" + U+0301, then CR LF.
            #expect(clusters.snap(TextRange(28, 29), in: b) == TextRange(28, 31))
            #expect(clusters.snap(TextRange(31, 32), in: b) == TextRange(31, 33))
            // Boundaries stay where they are, and ASCII needs no table.
            #expect(clusters.snap(TextRange(0, 1), in: b) == TextRange(0, 1))
            #expect(clusters.isBoundary(19) && !clusters.isBoundary(10) && !clusters.isBoundary(32))
        }
        #expect(GraphemeClusters("Plain ASCII text.\nNothing to see.").clusters.isEmpty)
    }

    @Test func aLongRunOfFlagsPairsItsIndicatorsFromTheStart() {
        // Regional indicators pair from the start of a run: the 1000th flag's bytes are one cluster.
        let text = "x" + String(repeating: "🇫🇷", count: 1000)
        let clusters = GraphemeClusters(text)
        #expect(clusters.clusters.count == 1000)
        #expect(clusters.clusters.allSatisfy { $0.length == 8 && ($0.start - 1) % 8 == 0 })
    }
}
