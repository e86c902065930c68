import Foundation
import Testing

@testable import ClaimTrace

/// The README's corpus, `Samples/`, read end to end: every file gives its expected metadata.
@Suite struct SamplesTests {
    struct Expected: Sendable, CustomStringConvertible {
        var id: String
        var title: String
        var authors: [String]
        var published: String?
        var outlet: String?
        var originalSource: String? = nil
        var signOff: String? = nil
        var description: String { id }
    }

    static let expected: [Expected] = [
        Expected(id: "Samples/text/01-selva-gazette-barrels.txt", title: "Ministry says Korvane plant sent waste barrels over Luvanian border", authors: ["Lena Harrow"], published: "2025-02-10", outlet: "Selva Gazette"),
        Expected(id: "Samples/text/02-frontline-candor-midnight-convoys.txt", title: "Korvane's Midnight Convoys: Selvania's Poison Crosses the Border", authors: ["Viktor Saloun"], published: "2025-02-15", outlet: "Frontline Candor"),
        Expected(id: "Samples/text/03-east-meridian-envoy-denial.txt", title: "Luvania rejects waste claims, says Selvania 'exporting its scandal'", authors: [], published: "2025-02-17", outlet: "East Meridian Monitor"),
        Expected(id: "Samples/text/04-selva-riverwatch-bankrolled.txt", title: "The Selva Is Dying, and Someone Is Profiting", authors: [], published: nil, outlet: nil),
        Expected(id: "Samples/text/05-mesk-courier-denial-cp1252.txt", title: "Korvane: “Every kilogram is burned here in Mesk”", authors: ["Renée Dufort"], published: "2025-02-13", outlet: "Mesk Courier"),
        Expected(id: "Samples/text/06-korvo-ledger-two-vesks.txt", title: "Scientists and company clash over what the Selva is carrying", authors: ["Ivo Scarlatt"], published: "2025-03-03", outlet: "The Korvo Ledger", signOff: "Mara Quillon"),
        Expected(id: "Samples/text/07-open-basin-review-founding-money.md", title: "Follow the money: who really founded Korvane?", authors: ["Jonas Brell"], published: "2025-03-10", outlet: "Open Basin Review"),
        Expected(id: "Samples/text/08-clear-selva-watch-coast-by-summer.md", title: "Korvane's pollution will reach the Black Sea by summer, scientists warn", authors: ["Hana Ostrel"], published: "2025-03-18", outlet: "Clear Selva Watch"),
        Expected(id: "Samples/web/09-luvania-today-republished-gazette.html", title: "Ministry says Korvane plant sent waste barrels over Luvanian border", authors: ["Lena Harrow"], published: "2025-02-12", outlet: "Luvania Today", originalSource: "Selva Gazette"),
        Expected(id: "Samples/web/10-tavri-herald-drivers-detained.html", title: "River police detain two drivers over night crossings at Tavri", authors: ["Petra Lind"], published: "2025-03-21", outlet: "Tavri Herald"),
        Expected(id: "Samples/web/11-frontier-dispatch-velin-quarry.html", title: "Villagers near Velin say barrels appeared in old quarry", authors: ["Aurel Danek"], published: "2025-03-27", outlet: "Frontier Dispatch"),
        Expected(id: "kw-20250214-sel-luv", title: "Selvania hands Luvania diplomatic note over Korvane waste claims", authors: ["Nadia Ferro", "Leon Kask"], published: "2025-02-14", outlet: "Kestrel Wire"),
        Expected(id: "bd-20250218-0071", title: "Luvania rejects waste claims, says Selvania 'exporting its scandal'", authors: [], published: "2025-02-18", outlet: "Borderland Digest"),
        Expected(id: "sbj-20250305-korvane-bond", title: "Korvane postpones bond issue as waste affair weighs on lenders", authors: ["Marta Oreb"], published: "2025-03-05", outlet: "Selva Business Journal"),
    ]

    static let analyzed: [String: AnalyzedDocument] = {
        let files = InputCollector().collect([repositoryRoot.appendingPathComponent("Samples").path]).files
        var all: [String: AnalyzedDocument] = [:]
        try? CorpusRunner().run(files) { batch in
            for d in batch.documents { all[d.id] = d }
        }
        return all
    }()

    @Test func everySampleIsRead() {
        #expect(Set(Self.analyzed.keys) == Set(Self.expected.map(\.id)))
    }

    @Test(arguments: expected)
    func metadata(_ e: Expected) throws {
        let doc = try #require(Self.analyzed[e.id])
        #expect(doc.metadata.title == e.title)
        #expect(doc.metadata.authors == e.authors)
        #expect(doc.metadata.published?.description == e.published)
        #expect(doc.metadata.outlet == e.outlet)
        #expect(doc.metadata.originalSource == e.originalSource)
        #expect(doc.metadata.signOffAuthor == e.signOff)
    }

    @Test func windows1252SampleIsDecodedWithAWarning() throws {
        let doc = try #require(Self.analyzed["Samples/text/05-mesk-courier-denial-cp1252.txt"])
        #expect(doc.document.warnings.count == 1)
        #expect(doc.text.contains("café"))
    }

    @Test func everySentenceIsArticleText() {
        for doc in Self.analyzed.values {
            for sentence in doc.sentences {
                #expect(!doc.excluded.contains { $0.range.overlaps(sentence) }, "\(doc.id)")
            }
            let texts = doc.sentenceTexts
            for furniture in ["Share this", "All rights reserved", "Become a member", "ISBN", "Articles by"] {
                #expect(!texts.contains { $0.contains(furniture) }, "\(doc.id): \(furniture)")
            }
        }
    }
}
