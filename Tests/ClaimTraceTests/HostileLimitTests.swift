import Foundation
import Testing

@testable import ClaimTrace

/// The byte offsets at which `text` may be cut between characters (as Swift's grapheme
/// breaking sees them).
func characterBoundaries(_ text: String) -> Set<Int> {
    var out: Set<Int> = [text.utf8.count]
    for index in text.indices { out.insert(text.utf8.distance(from: text.utf8.startIndex, to: index)) }
    return out
}

/// The caps that keep each stage linear on hostile text, and what they leave alone.
@Suite struct HostileLimitTests {
    @Test func anOverlongSentenceIsCutAtSpacesWithinTheLimit() throws {
        let words = (0..<3000).map { "word\($0 % 97)" }.joined(separator: " ")
        let splitter = SentenceSplitter()
        let sentences = try splitter.split(words, paragraphs: ParagraphSplitter().split(words))
        #expect(sentences.count > 1)
        #expect(sentences.allSatisfy { $0.length <= splitter.maxSentenceBytes })
        // Nothing is lost and every piece starts and ends on a word.
        let pieces = sentences.map { words.utf8Slice($0) }
        #expect(pieces.joined(separator: " ") == words)
        // Real sentences are left alone.
        let text = "The ministry said the barrels crossed the border. Officials denied it."
        #expect(try splitter.split(text, paragraphs: ParagraphSplitter().split(text)).count == 2)
    }

    @Test func aRunWithoutSpacesIsCutBetweenCharacters() throws {
        let text = String(repeating: "e\u{301}👩‍👩‍👧🇫🇷", count: 400)
        let sentences = try SentenceSplitter().split(text, paragraphs: ParagraphSplitter().split(text))
        let cuts = characterBoundaries(text)
        #expect(sentences.count > 1)
        #expect(sentences.allSatisfy { cuts.contains($0.start) && cuts.contains($0.end) && $0.length <= 2_000 })
        #expect(sentences.first?.start == 0 && sentences.last?.end == text.utf8.count)
    }

    @Test func aSentenceGivesAtMostEightStatements() throws {
        let names = (0..<100).map { "\(HostileInput.word($0)) Berg said" }.joined(separator: " ")
        let doc = try analyze(names + " the river rose.")
        #expect(doc.sentences.count == 1)
        #expect(doc.attributions.count <= AttributionExtractor.maxStatementsPerSentence)
        #expect(!doc.attributions.isEmpty)
    }

    @Test func aRepeatedPhraseIsSoughtOnlyUpToItsLimit() {
        func found(_ phrase: String) -> Int {
            let text = ["Ana", "Bo", "Cy", "Di"].map { "\($0), \(phrase), left." }.joined(separator: " ")
            return RepetitionFinder().find(TechniqueText(text: text, sentences: [TextRange(0, text.utf8.count)])).count
        }
        #expect(found("backed by Saudi Arabia") >= 3)
        // Three words of 300 letters: matching it costs its length times the article's.
        #expect(found(String(repeating: "backed", count: 50) + " by Saudi") == 0)
    }

    @Test func attributesPastTheLimitAreDroppedBeforeParsingWithAWarning() throws {
        let extra = (0..<1000).map { " data-x\($0)=\"a>b\"" }.joined()
        let html = """
            <html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "<p a=1 b=2>"}</script></head>
            <body><!-- <p x=1 y=2> --><p class="lead"\(extra) id="late">Barrels crossed the border.</p><p>Second.</p></body></html>
            """
        let read = DocumentReader().read(Array(html.utf8), as: InputFile(path: "page.html", id: "page.html", format: .html))
        let doc = try #require(read.documents.first)
        #expect(doc.text == "Barrels crossed the border.\n\nSecond.")
        #expect(doc.warnings.contains { $0.contains("746 HTML attributes dropped") })
        #expect(doc.metadata.title == "<p a=1 b=2>")
        // Below the limit nothing is copied or dropped.
        var page = html.replacingOccurrences(of: extra, with: "")
        let unchanged = page.withUTF8 { HTMLReader.capAttributes($0, at: HTMLReader.maxAttributes) }
        #expect(unchanged.dropped == 0)
        #expect(HTMLReader().read(page).warnings.isEmpty)
    }

    @Test func theCapKeepsTheFirstAttributesAndTheRestOfThePage() {
        var page = "<p a=1 b='2 > 3' c=\"x\" d e>Text</p><script>if (a < b) { x = \"<i q w e r>\" }</script><i j k l m>Rest</i>"
        let capped = page.withUTF8 { HTMLReader.capAttributes($0, at: 3) }
        #expect(capped.dropped == 3)  // d and e on <p>, and m on <i>; nothing inside the script
        #expect(String(decoding: capped.bytes, as: UTF8.self)
            == "<p a=1 b='2 > 3' c=\"x\">Text</p><script>if (a < b) { x = \"<i q w e r>\" }</script><i j k l>Rest</i>")
    }

    @Test func unclosedCommentsAndScriptsDoNotHideLaterElements() {
        // No "-->" or "</script" anywhere: each opener is looked past once, not once per opener.
        var page = String(repeating: "<!-- <script>", count: 20_000) + "<p " + String(repeating: "a ", count: 300) + ">x"
        let capped = page.withUTF8 { HTMLReader.capAttributes($0, at: 256) }
        #expect(capped.dropped == 44)
    }
}
