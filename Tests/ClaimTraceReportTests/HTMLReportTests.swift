import Foundation
import Testing

@testable import ClaimTrace
@testable import ClaimTraceReport

@Suite struct HTMLReportTests {
    func render(_ texts: [(String, String)]) throws -> String {
        let pipeline = Pipeline()
        let documents = try texts.map { id, text in
            try pipeline.analyze(Document(id: id, source: "/corpus/" + id, format: .text, text: text))
        }
        return HTMLReport(documents: documents, corpus: CorpusAccumulator.analyze(documents), rejected: []).render()
    }

    func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func hostileArticleTextStaysInert() throws {
        let hostile = """
            <script>alert(1)</script> Minister "quits" </style><b>now</b>

            The minister said on Monday that "<img src=x onerror=alert(2)>" was \" onmouseover="alert(3)" a lie.
            Click javascript:alert(4) or <a href="javascript:alert(5)">here</a> & see <!-- comment --> ]]> {{x}}.
            """
        let html = try render([("evil.txt", hostile)])
        // Our own script and style only, each once.
        #expect(occurrences("<script", in: html) == 1)
        #expect(occurrences("</script>", in: html) == 1)
        #expect(occurrences("</style>", in: html) == 1)
        #expect(occurrences("<style", in: html) == 1)
        // The article's markup arrives as text.
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>now"))
        #expect(!html.contains("<a href=\"javascript"))
        #expect(!html.contains("<!-- comment"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        // No attribute can be broken out of: every quote from the text is an entity.
        #expect(!html.contains("\" onmouseover=\"alert(3)"))
        #expect(html.contains("&quot; onmouseover=&quot;alert(3)&quot;"))
        // Corpus text never becomes a link target.
        #expect(!html.contains("href=\"javascript"))
    }

    @Test func everyViewIsThereAndClaimsLinkToTheirSpans() throws {
        let a = """
            US moves ISIS fighters

            By Ana Reyes

            The United States is moving ISIS fighters to Afghanistan, General Tomas Vidal said on Monday.
            """
        let b = """
            ISIS fighters moved, general says

            General Tomas Vidal said the United States is moving ISIS fighters to Afghanistan.
            """
        let html = try render([("a.txt", a), ("b.txt", b)])
        for view in ["overview", "claims", "graph", "timeline", "sources", "findings", "techniques", "articles"] {
            #expect(html.contains("<section id=\"\(view)\">"), "\(view)")
        }
        #expect(html.contains("id=\"d0\"") && html.contains("id=\"d1\""))
        // The shared claim: a table row, and links from it to anchors inside both articles.
        #expect(html.contains("<tr id=\"claim-C1\">"))
        for anchor in ["d0-c-C1-", "d1-c-C1-"] {
            #expect(html.contains("href=\"#\(anchor)"), "link to \(anchor)")
            #expect(html.contains("<a id=\"\(anchor)"), "anchor \(anchor)")
        }
        // Attributions are marked in the text with an explanation.
        #expect(html.contains("class=\"a-cue\""))
        #expect(html.contains("title=\"statement 1 · named source: General Tomas Vidal"))
        // The graph is drawn.
        #expect(html.contains("<svg viewBox"))
    }
}
