import Foundation
import Testing

@testable import ClaimTrace

/// Line ends of every kind: a lone CR (old Mac files) ends a line as LF and CR LF do.
@Suite struct LineEndTests {
    /// A short article written with `\n` line ends, to be rewritten with other line ends.
    static let article = """
        Barrels at the border
        By Jane Roe
        The Example Herald, March 3, 2025

        The ministry said the barrels crossed the border at night.
        Officials denied it on Sunday.

        “We have proof,” the minister said.
        """

    func paragraphs(_ text: String) -> [String] { ParagraphSplitter().split(text).map { text.utf8Slice($0) } }

    @Test(arguments: ["\r", "\r\n"])
    func paragraphsAreTheSameWhateverTheLineEnds(_ end: String) {
        let lf = Self.article
        let other = lf.replacingOccurrences(of: "\n", with: end)
        #expect(paragraphs(other) == paragraphs(lf))
        #expect(paragraphs(other).count == 6)
        #expect(paragraphs("One.\r\rTwo.\rThree.\r") == ["One.", "Two.", "Three."])
    }

    @Test func aFileWithOnlyCarriageReturnsReadsLikeOneWithLineFeeds() throws {
        let lf = try analyze(Self.article)
        let cr = try analyze(Self.article.replacingOccurrences(of: "\n", with: "\r"))
        // The text is never rewritten, and each line end is one byte either way: every span
        // falls at the same offsets.
        #expect(cr.paragraphs == lf.paragraphs)
        #expect(cr.sentences == lf.sentences)
        #expect(cr.excluded == lf.excluded)
        #expect(cr.metadata == lf.metadata)
        #expect(cr.metadata.authors == ["Jane Roe"])
        #expect(cr.attributions.map(\.cue) == lf.attributions.map(\.cue))
        #expect(cr.attributions.count >= 2)
    }

    @Test func markdownLinesEndAtCarriageReturnsToo() {
        let lf = "# Barrels at the border\n\nThe ministry said so.\n\n- One item\n- Another item\n"
        let reader = MarkdownReader()
        let expected = reader.read(lf)
        #expect(expected.hints.headings.count == 1)
        for end in ["\r", "\r\n"] {
            let page = reader.read(lf.replacingOccurrences(of: "\n", with: end))
            #expect(page.text == expected.text, "\(end.debugDescription)")
            #expect(page.hints.headings == expected.hints.headings)
            #expect(page.metadata.title == "Barrels at the border")
        }
    }
}
