import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

@testable import ClaimTrace
@testable import ClaimTraceReport

@Suite struct ExportTests {
    @Test func csvFieldsAreQuotedAndNeverFormulas() {
        #expect(CSVExport.field("plain") == "plain")
        #expect(CSVExport.field("a, b") == "\"a, b\"")
        #expect(CSVExport.field("say \"no\"") == "\"say \"\"no\"\"\"")
        #expect(CSVExport.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVExport.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVExport.field("+1") == "'+1" && CSVExport.field("@cmd") == "'@cmd" && CSVExport.field("-2") == "'-2")
        #expect(CSVExport.row(["a", "b,c"]) == "a,\"b,c\"\r\n")
    }

    @Test func attributionRowsCarryScalarOffsets() throws {
        let text = "Café owners protest\n\n“Prices are rising,” the mayor said on Monday."
        let d = try Pipeline().analyze(Document(id: "c.txt", source: "c.txt", format: .text, text: text))
        let rows = CSVExport.attributionRows(d).split(separator: "\r\n").map(String.init)
        try #require(rows.count == 1)
        // The content's scalar offsets (the accented "é" counts one) slice the text back to it.
        let a = try #require(d.attributions.first)
        let (start, end) = ScalarOffsets(text).scalars(a.content)
        let scalars = Array(text.unicodeScalars)
        let content = String(String.UnicodeScalarView(scalars[start..<end]))
        #expect(content == d.substring(a.content))
        #expect(rows[0].contains("\(CSVExport.field(content)),\(start),\(end),"), "\(rows[0])")
        #expect(rows[0].hasPrefix("c.txt,a1,the mayor,"))
        #expect(rows[0].contains(",named,"))
    }

    /// Two articles telling one claim (the first headline needs escaping), analysed and
    /// taken through the corpus stages.
    static func twoArticles() throws -> ([AnalyzedDocument], CorpusAnalysis) {
        let texts = [
            ("a.txt", "US moves <ISIS> fighters & more\n\nThe United States is moving ISIS fighters to Afghanistan, General Tomas Vidal said on Monday."),
            ("b.txt", "ISIS fighters moved\n\nGeneral Tomas Vidal said the United States is moving ISIS fighters to Afghanistan."),
        ]
        let documents = try texts.map { try Pipeline().analyze(Document(id: $0.0, source: $0.0, format: .text, text: $0.1)) }
        return (documents, CorpusAccumulator.analyze(documents))
    }

    @Test func graphMLHasTypedNodesAndEscapedLabels() throws {
        let (documents, corpus) = try Self.twoArticles()
        try #require(!corpus.claims.isEmpty)
        // A node or an edge per piece.
        var pieces: [String] = []
        GraphMLExport.graph(
            articles: documents.map { .init(id: $0.id, title: $0.metadata.title, outlet: "Outlet \"Q\"") }, corpus: corpus
        ) { pieces.append($0) }
        #expect(pieces.dropFirst().dropLast().allSatisfy { $0.hasPrefix("    <node ") || $0.hasPrefix("    <edge ") })
        #expect(pieces.count > 6)
        let graph = pieces.joined()
        for type in ["source", "claim", "article", "outlet"] { #expect(graph.contains("<data key=\"type\">\(type)</data>"), "\(type)") }
        #expect(graph.contains("US moves &lt;ISIS&gt; fighters &amp; more"))
        #expect(graph.contains("Outlet &quot;Q&quot;"))
        #expect(graph.contains("<data key=\"relation\">told-in</data>"))
        // Well-formed: Foundation's XML parser reads it to the end.
        let parser = XMLParser(data: Data(graph.utf8))
        #expect(parser.parse())
    }

    @Test func corpusTablesAreWrittenRowByRow() throws {
        let (_, corpus) = try Self.twoArticles()
        try #require(!corpus.claims.isEmpty && !corpus.entities.isEmpty)
        // One piece per row: the header, then a record each, in the corpus's order.
        var claimRows: [String] = []
        CSVExport.claims(corpus) { claimRows.append($0) }
        #expect(claimRows.count == corpus.claims.count + 1)
        #expect(claimRows.allSatisfy { $0.hasSuffix("\r\n") })
        #expect(claimRows[0].hasPrefix("claim,label,documents"))
        #expect(claimRows.dropFirst().map { String($0.prefix { $0 != "," }) } == corpus.claims.map(\.id))
        var entityRows: [String] = []
        CSVExport.entities(corpus) { entityRows.append($0) }
        #expect(entityRows.count == corpus.entities.count + 1)
        #expect(entityRows[0].hasPrefix("entity,name,type"))
        #expect(entityRows.contains { $0.contains("Tomas Vidal") })
        // A writer that fails stops the table where it failed.
        struct Full: Error {}
        var written = 0
        #expect(throws: Full.self) {
            try CSVExport.entities(corpus) { _ in
                if written == 1 { throw Full() }
                written += 1
            }
        }
        #expect(written == 1)
    }
}
