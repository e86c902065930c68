import Testing

@testable import ClaimTrace

@Suite struct ClaimTests {
    func doc(_ id: String, _ body: String, outlet: String? = nil, published: String? = nil, note: String? = nil) throws -> AnalyzedDocument {
        var d = Document(id: id, source: id, format: .text, text: "Headline of \(id)\n\n" + body)
        d.metadata = DocumentMetadata(published: published.flatMap(Day.init(iso:)), outlet: outlet, originalSource: note)
        return try Pipeline().analyze(d)
    }

    @Test func paraphrasesOfOnePropositionClusterAndOthersStayApart() throws {
        let corpus = [
            try doc("a", "Iranian Defence Minister Amir Dastan stated that the United States is transferring ISIS fighters to Afghanistan.", outlet: "Wire A", published: "2025-02-04"),
            try doc("b", "Iran's ambassador, Reza Tamar, accused Washington of moving Daesh militants to Afghanistan.", outlet: "Wire B", published: "2025-02-06"),
            try doc("c", "Local sources in Syria say US helicopters airlifted ISIS commanders to Afghanistan.", outlet: "Wire C", published: "2025-02-07"),
            try doc("d", "Amir Dastan said that the United States created ISIS in Iraq.", outlet: "Wire D", published: "2025-02-08"),
        ]
        let claims = CorpusAccumulator.analyze(corpus).claims
        let relocation = try #require(claims.first { $0.documents.contains("a") })
        #expect(relocation.documents == ["a", "b", "c"])
        #expect(!claims.contains { $0.documents.contains("d") && $0.documents.contains("a") })
        // Two Iranian officials are one voice; the anonymous Syrian sources another.
        #expect(relocation.independentSources == 2)
        #expect(Set(relocation.sources.map(\.voice)) == ["government:Iran", "anonymous:c"])
        #expect(relocation.firstSeen == "2025-02-04")
        #expect(relocation.timeline.first?.document == "a")
    }

    @Test func aRepublishedCopyIsNotASecondSource() throws {
        let story = "Colonel Ivo Dask said that the company is moving the waste barrels to Luvania by night."
        let corpus = [
            try doc("original", story, outlet: "Selva Gazette", published: "2025-02-10"),
            try doc("copy", story, outlet: "Luvania Today", published: "2025-02-12", note: "Selva Gazette"),
            try doc("anon", "Sources in the region say the company is moving waste barrels to Luvania.", outlet: "Basin Review", published: "2025-02-13"),
        ]
        let claim = try #require(CorpusAccumulator.analyze(corpus).claims.first)
        #expect(claim.documents == ["anon", "copy", "original"])
        #expect(claim.members.first { $0.at.document == "copy" }?.copyOf == "original")
        #expect(claim.independentSources == 2)
    }

    @Test func aCopysSentencesJoinTheClaimsTheyRepeatWhateverTheWords() throws {
        // No word of these sentences is in claim-terms.txt: only the copy relation links them.
        let story = "Mayor Elin Varo said that the harbour authority of Dorvik sold the old lighthouse to a hotel chain. "
            + "The Dorvik council will vote on the sale in April, according to councillor Tomas Brell."
        let corpus = [
            try doc("original", story, outlet: "Selva Gazette", published: "2025-02-10"),
            try doc("copy", story, outlet: "Luvania Today", published: "2025-02-12", note: "Selva Gazette"),
        ]
        let claims = CorpusAccumulator.analyze(corpus).claims
        let sale = try #require(claims.first { $0.label.contains("lighthouse") })
        #expect(sale.documents == ["copy", "original"])
        #expect(sale.members.first { $0.at.document == "copy" }?.copyOf == "original")
        #expect(sale.independentSources == 1)
        // Each sentence joins its own repetition only.
        #expect(!claims.contains { c in c.members.contains { $0.at.text.contains("lighthouse") } && c.members.contains { $0.at.text.contains("vote") } })
    }

    @Test func aDenialIsNotMergedIntoTheClaimItDenies() throws {
        let corpus = [
            try doc("a", "Inspector Mara Solt said that the Vetrix dye plant dumped chromium waste into the Selva river in May.", outlet: "Wire A"),
            try doc("b", "Residents said the Vetrix dye plant had dumped chromium waste into the Selva river.", outlet: "Wire B"),
            try doc("c", "The Vetrix company denied that its dye plant dumped chromium waste into the Selva river.", outlet: "Wire C"),
            try doc("d", "The Vetrix dye plant did not dump chromium waste into the Selva river, its manager said.", outlet: "Wire D"),
        ]
        let claims = CorpusAccumulator.analyze(corpus).claims
        let dumping = try #require(claims.first { $0.documents.contains("a") })
        #expect(dumping.documents.contains("b"))
        #expect(!dumping.documents.contains("c"))
        #expect(!dumping.documents.contains("d"))
    }

    @Test func claimsRestingOnAnonymousSourcesAreFlagged() throws {
        let corpus = [
            try doc("x", "Sources in the region say the company is moving waste barrels to Luvania."),
            try doc("y", "Witnesses reported that the company was moving waste barrels to Luvania."),
        ]
        let claim = try #require(CorpusAccumulator.analyze(corpus).claims.first)
        #expect(claim.flags.contains("anonymous-or-vague-only"))
        #expect(claim.independentSources == 2)  // anonymous sources of two articles
    }
}
