import Testing

@testable import ClaimTrace

@Suite struct DuplicateTests {
    let original = SyntheticCorpus(seed: 3).independentArticle(1)
    let other = SyntheticCorpus(seed: 3).independentArticle(2)

    func entry(_ id: String, _ text: String, outlet: String? = nil, published: String? = nil, note: String? = nil) throws
        -> NearDuplicateFinder.Entry
    {
        var doc = Document(id: id, source: id, format: .text, text: text)
        doc.metadata = DocumentMetadata(published: published.flatMap(Day.init(iso:)), outlet: outlet, originalSource: note)
        return NearDuplicateFinder.Entry(try Pipeline().analyze(doc))
    }

    @Test func minhashEstimatesJaccard() {
        let a = Fingerprint(text: original, excluded: [])
        #expect(a.jaccard(a) == 1)
        #expect(a.jaccard(Fingerprint(text: other, excluded: [])) < 0.05)
        #expect(a.shingles > 100)
    }

    @Test func everyKindOfCopyIsFoundAndUnrelatedTextIsNot() throws {
        var paragraphs = original.components(separatedBy: "\n\n")
        let body = Array(paragraphs.dropLast(4))
        paragraphs = body.reversed()
        let entries = [
            try entry("original", original),
            try entry("shuffled", paragraphs.joined(separator: "\n\n")),
            try entry("furniture", (body + ["Share this: Facebook Twitter", "Become a member", "© 2024 Other Site"]).joined(separator: "\n\n")),
            try entry("truncated", String(original.prefix(original.count * 7 / 10))),
            try entry("unrelated", other),
        ]
        let pairs = NearDuplicateFinder().find(entries)
        let withOriginal = Set(pairs.filter { $0.a == "original" || $0.b == "original" }.map { $0.a == "original" ? $0.b : $0.a })
        #expect(withOriginal == ["shuffled", "furniture", "truncated"])
        #expect(!pairs.contains { $0.a == "unrelated" || $0.b == "unrelated" })
        let truncated = try #require(pairs.first { $0.b == "truncated" && $0.a == "original" })
        #expect(truncated.containment > 0.9)
        #expect(truncated.similarity < 0.9)
    }

    @Test func republicationFromANoteAndDirectionFromDates() throws {
        let noted = NearDuplicateFinder().find([
            try entry("gazette", original, outlet: "Selva Gazette", published: "2025-02-10"),
            try entry("today", original, outlet: "Luvania Today", published: "2025-02-12", note: "Selva Gazette"),
        ])
        #expect(noted.map(\.kind) == [.republication])
        #expect(noted.first?.original == "gazette")
        #expect(noted.first?.evidence.contains("originally published at Selva Gazette") == true)

        let dated = NearDuplicateFinder().find([
            try entry("late", original, outlet: "Digest", published: "2025-02-18"),
            try entry("early", original, outlet: "Monitor", published: "2025-02-17"),
        ])
        #expect(dated.first?.kind == .republication)
        #expect(dated.first?.original == "early")

        let sameOutlet = NearDuplicateFinder().find([try entry("x", original, outlet: "Wire"), try entry("y", original, outlet: "Wire")])
        #expect(sameOutlet.first?.kind == .nearDuplicate)
    }
}
