import Foundation
import Testing

@testable import ClaimTrace

/// A document's analysis stored in compact form reads back equal, layer for layer, so that a
/// run that reuses it reports exactly what analysing again would.
@Suite struct StoredAnalysisTests {
    @Test(arguments: SamplesTests.expected.map(\.id))
    func everySampleReadsBackEqual(id: String) throws {
        let analyzed = try #require(SamplesTests.analyzed[id])
        let bytes = try StoredAnalysis.encode(analyzed)
        let back = try StoredAnalysis.decode(bytes, document: analyzed.document)
        #expect(back == analyzed)
        // The layers are stored, not the text: far smaller than the document as JSON would be.
        #expect(bytes.count < analyzed.text.utf8.count * 4)
        // From the store alone: the reader's part comes back from its JSON.
        let document = StoredAnalysis.document(
            id: analyzed.id, source: analyzed.document.source, format: analyzed.document.format, text: analyzed.text,
            warnings: analyzed.document.warnings, readerJSON: StoredAnalysis.readerJSON(analyzed.document))
        #expect(document == analyzed.document)
        #expect(StoredAnalysis.key(of: document) == StoredAnalysis.key(of: analyzed.document))
    }

    @Test func readerJSONFromBeforeModifiedAndLanguageStillReads() {
        // As pipeline 6 wrote it: no `modified`, no `language`.
        let old = """
            {"hints":{"furniture":[],"headings":[],"links":[],"sectionBreaks":[]},\
            "metadata":{"authors":["Jane Roe"],"outlet":"Daily Example","published":"2018-02-10","title":"A title"}}
            """
        let document = StoredAnalysis.document(
            id: "a", source: "a.html", format: .html, text: "Text.", warnings: [], readerJSON: old)
        #expect(document.metadata.title == "A title")
        #expect(document.metadata.authors == ["Jane Roe"])
        #expect(document.metadata.published == Day(iso: "2018-02-10"))
        #expect(document.metadata.modified == nil)
        #expect(document.metadata.language == nil)
        // And the new fields travel through it.
        var dated = document
        dated.metadata.modified = Day(iso: "2018-02-11")
        dated.metadata.language = "en-GB"
        let back = StoredAnalysis.document(
            id: "a", source: "a.html", format: .html, text: "Text.", warnings: [], readerJSON: StoredAnalysis.readerJSON(dated))
        #expect(back.metadata == dated.metadata)
    }

    @Test func theKeyChangesWithTextMetadataAndFormat() {
        let document = Document(id: "a", source: "a", format: .text, text: "The mayor said so.")
        var retitled = document
        retitled.metadata.title = "Another title"
        let other = Document(id: "a", source: "a", format: .markdown, text: "The mayor said so.")
        let edited = Document(id: "a", source: "a", format: .text, text: "The mayor said no.")
        let keys = Set([document, retitled, other, edited].map(StoredAnalysis.key(of:)))
        #expect(keys.count == 4)
        // The id and source are not part of it: they are the store's row.
        let moved = Document(id: "a", source: "elsewhere/a", format: .text, text: "The mayor said so.")
        #expect(StoredAnalysis.key(of: moved) == StoredAnalysis.key(of: document))
    }

    struct Sample: Codable, Equatable {
        var int: Int
        var negative: Int32
        var big: UInt64
        var text: String
        var optional: String?
        var missing: Int?
        var list: [Int?]
        var nested: [[Double]]
        var flag: Bool
        var float: Float
        var kind: SourceKind
        var day: Day?
    }

    @Test func theCompactFormRoundTripsEveryShape() throws {
        let sample = Sample(
            int: -123_456_789, negative: Int32.min, big: UInt64.max, text: "Caf\u{E9} \u{1F600}", optional: "", missing: nil,
            list: [0, nil, -1, Int.max], nested: [[], [0.5, -0.0, .infinity]], flag: true, float: 3.25, kind: .vague,
            day: Day(year: 2025, month: 2, day: 9))
        let bytes = try CompactCoder.encode(sample)
        #expect(try CompactCoder.decode(Sample.self, from: bytes) == sample)
        // Cut short or with bytes left over, it is refused rather than misread.
        #expect(throws: CompactCodingError.self) { try CompactCoder.decode(Sample.self, from: Array(bytes.dropLast())) }
        #expect(throws: CompactCodingError.self) { try CompactCoder.decode(Sample.self, from: bytes + [0]) }
    }
}
