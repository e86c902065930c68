import Testing

@testable import ClaimTrace

@Suite struct QuantityTests {
    func quantities(_ sentence: String) throws -> [Quantity] { try analyze("Headline of the test\n\n" + sentence).quantities }

    @Test(arguments: [
        ("The envoy said nearly 7,000 active fighters are there.", 7000.0, nil, Quantity.Qualifier.approximately, "fighters"),
        ("More than 10,000 Daesh fighters have arrived.", 10000, nil, .atLeast, "fighters"),
        ("Their force is stronger than 10,000 troops.", 10000, nil, .atLeast, "fighters"),
        ("Around 60,000 or 70,000 militants remain.", 60000, 70000, .approximately, "fighters"),
        ("About 6 million children were affected.", 6_000_000, nil, .approximately, "children"),
        ("As many as 20 insurgent and terrorist networks operate.", 20, nil, .atMost, "networks"),
        ("At least 400 barrels crossed the border.", 400, nil, .atLeast, "barrels"),
    ] as [(String, Double, Double?, Quantity.Qualifier, String)])
    func parsed(sentence: String, value: Double, high: Double?, qualifier: Quantity.Qualifier, subject: String) throws {
        let q = try #require(try quantities(sentence).first)
        #expect(q.value == value)
        #expect(q.high == high)
        #expect(q.qualifier == qualifier)
        #expect(q.subject == subject)
    }

    @Test func yearsDaysAndClockTimesAreNotCounts() throws {
        #expect(try quantities("On February 4, 2018 at 10 am the plant closed in 2017.").isEmpty)
    }

    @Test func intervalsReflectTheQualifier() {
        let nearly = Quantity(range: TextRange(0, 1), value: 7000, high: nil, qualifier: .approximately, subject: "fighters")
        let moreThan = Quantity(range: TextRange(0, 1), value: 10000, high: nil, qualifier: .atLeast, subject: "fighters")
        let about = Quantity(range: TextRange(0, 1), value: 7500, high: nil, qualifier: .approximately, subject: "fighters")
        #expect(!nearly.interval.overlaps(moreThan.interval))
        #expect(nearly.interval.overlaps(about.interval))
    }
}

@Suite struct FindingTests {
    @Test func weekdayMismatch() throws {
        let doc = try analyze("Headline of the test\n\nOn Thursday, March 4, 2025, the ministry said that the plant had closed.")
        #expect(doc.findings.map(\.kind) == [.weekdayMismatch])
        #expect(doc.findings[0].at.text == "Thursday, March 4, 2025")
        #expect(doc.findings[0].message.contains("was a Tuesday, not a Thursday"))
        let correct = try analyze("Headline of the test\n\nOn Thursday, March 6, 2025 (a real Thursday), nothing happened at all.")
        #expect(correct.findings.isEmpty)
    }

    @Test func bylineMismatch() throws {
        let doc = try analyze("Headline of the test\n\nBy Ivo Scarlatt\n\nThe plant closed on Monday after a long dispute.\n\nMara Quillon is an independent journalist based in Vienna.")
        let finding = try #require(doc.findings.first)
        #expect(finding.kind == .bylineMismatch)
        #expect(finding.at.text == "Mara Quillon")
        #expect(finding.related.map(\.text) == ["Ivo Scarlatt"])
        let same = try analyze("Headline of the test\n\nBy Mara Quillon\n\nThe plant closed.\n\nMara Quillon is an independent journalist based in Vienna.")
        #expect(same.findings.isEmpty)
    }

    @Test func dateAfterPublication() throws {
        var document = Document(
            id: "t", source: "t", format: .text,
            text: "Headline of the test\n\nOn March 30, 2025, the minister said that the plant had closed.")
        document.metadata.published = Day(year: 2025, month: 3, day: 3)
        let doc = try Pipeline().analyze(document)
        #expect(doc.findings.map(\.kind) == [.dateAfterPublication])
        #expect(doc.findings[0].at.text == "March 30, 2025")
    }

    @Test func conflictingFiguresAcrossDocumentsWithSpeakersAndDates() throws {
        let a = try Pipeline().analyze(Document(
            id: "a.txt", source: "a", format: .text,
            text: "Headline A\n\nOn February 1, 2025, Deputy Minister Pavel Ostrov said that nearly 400 barrels crossed into Luvania."))
        let b = try Pipeline().analyze(Document(
            id: "b.txt", source: "b", format: .text,
            text: "Headline B\n\nPavel Ostrov told reporters that more than 1,000 barrels crossed into Luvania."))
        let c = try Pipeline().analyze(Document(
            id: "c.txt", source: "c", format: .text,
            text: "Headline C\n\nAccording to many experts, nearly 400 barrels crossed into Luvania."))
        let findings = CorpusAccumulator.analyze([a, b, c]).findings
        let conflict = try #require(findings.first { $0.kind == .quantityConflict && $0.at.document == "a.txt" })
        // One finding per pair of disagreeing groups of figures, listing the members.
        #expect(findings.filter { $0.kind == .quantityConflict }.count == 1)
        #expect(conflict.related.map(\.text).contains("more than 1,000 barrels"))
        #expect(conflict.related.map(\.document).sorted() == ["b.txt", "c.txt"])
        #expect(conflict.message.contains("and 1 more"))
        #expect(conflict.message.contains("Pavel Ostrov"))
        #expect(conflict.message.contains("2025-02-01"))
        let reattributed = try #require(findings.first { $0.kind == .reattribution })
        #expect(reattributed.at.document == "c.txt")
        #expect(reattributed.related.first?.document == "a.txt")
    }

    /// A bucket is read once, keeping its 20 largest clusters: a cluster of two that comes
    /// after twenty single figures is still compared, in memory and through a spilled sort
    /// that merges many runs.
    @Test(arguments: [false, true]) func largestClustersOfABucketAreKept(spill: Bool) {
        func statement(_ document: String, _ value: Double, _ kind: SourceKind) -> QuantityStatement {
            let text = "\(value) barrels"
            return QuantityStatement(
                at: SpanReference(document: document, start: 0, end: text.count, text: text),
                quantity: Quantity(
                    range: TextRange(0, text.count), value: value, high: nil, qualifier: .exact, subject: "barrels",
                    subjectRange: nil),
                context: ["Luvania"], speaker: kind == .named ? "Pavel Ostrov" : nil, sourceKind: kind, date: nil)
        }
        // Twenty figures below 10 (never compared), each a cluster of its own; then the same
        // figure from a named and from a vague source.
        var statements = (0..<20).map { statement("d\($0)", 1 + Double($0) * 0.4, .named) }
        statements += [statement("named", 5000, .named), statement("vague", 5000, .vague)]
        var table = StatementTable(CorpusStorage(inMemory: !spill, runLength: 3))
        table.append(Array(statements.reversed()))
        let findings = ConsistencyChecker().corpusFindings(table)
        #expect(findings.map(\.kind) == [.reattribution])
        #expect(findings.first?.at.document == "vague")
        #expect(findings.first?.related.map(\.document) == ["named"])
    }
}
