import Foundation
import Testing

@testable import ClaimTrace

/// The temporary file the corpus stages keep claim texts in, and the compact claim table.
@Suite struct SpillTests {
    @Test func recordsReadBackFromTheFileAndFromTheUnflushedBuffer() throws {
        let spill = SpillFile()
        #expect(spill.spilling)
        // Enough records to cross the 1 MB flush several times, of varied lengths and scripts.
        var offsets: [(Int, [UInt8])] = []
        for i in 0..<3_000 {
            var w = ByteWriter()
            w.int(i)
            w.string(String(repeating: "ü€\(i) ", count: i % 197 + 1))
            w.optional(i % 3 == 0 ? nil : "speaker \(i)")
            offsets.append((spill.append(w.bytes), w.bytes))
        }
        #expect(spill.size > 2 * SpillFile.flushSize)
        for (i, (offset, bytes)) in offsets.enumerated() {
            let back = spill.read(offset, bytes.count)
            #expect(back == bytes)
            var r = ByteReader(back)
            #expect(r.int() == i)
            #expect(r.string() == String(repeating: "ü€\(i) ", count: i % 197 + 1))
            #expect(r.optional() == (i % 3 == 0 ? nil : "speaker \(i)"))
        }
    }

    @Test func aReadSpanningTheFileAndTheBufferGetsBoth() {
        let spill = SpillFile()
        // 1,100 records of 1,000 bytes: the first flush writes 1,049 of them, the rest stay
        // buffered, and one read takes the last 10 written and the first 10 buffered.
        for i in 0..<1_100 { _ = spill.append([UInt8](repeating: UInt8(i % 251), count: 1_000)) }
        let flushed = (SpillFile.flushSize + 999) / 1_000
        let back = spill.read((flushed - 10) * 1_000, 20 * 1_000)
        #expect(back.count == 20_000)
        for k in 0..<20 { #expect(back[k * 1_000] == UInt8((flushed - 10 + k) % 251)) }
    }

    @Test func spilledFingerprintsFindTheSameCopies() {
        // 2,100 documents (signatures cross the 1 MB flush), every 7th a copy of the one before.
        let corpus = SyntheticCorpus(seed: 9)
        var entries: [NearDuplicateFinder.Entry] = []
        for i in 0..<2_100 {
            let text = corpus.independentArticle(i % 7 == 0 && i > 0 ? i - 1 : i)
            entries.append(
                NearDuplicateFinder.Entry(
                    id: "d\(i)", fingerprint: Fingerprint(text: text, excluded: []), outlet: i % 2 == 0 ? "Wire" : "Post",
                    published: i % 3 == 0 ? Day(year: 2025, month: 3, day: i % 28 + 1) : nil, originalSource: i % 5 == 0 ? "Wire" : nil))
        }
        var table = FingerprintTable(CorpusStorage(inMemory: false))
        for e in entries { table.append(e) }
        for i in [0, 1, 1_048, 1_049, 2_099] { #expect(table.fingerprint(i) == entries[i].fingerprint) }
        for i in [0, 1_049, 1_050, 2_099] {
            let back = table.entry(i)
            #expect(back.fingerprint.signature.isEmpty && back.fingerprint.shingles == entries[i].fingerprint.shingles)
            #expect(back.id == entries[i].id && back.outlet == entries[i].outlet)
            #expect(back.published == entries[i].published && back.originalSource == entries[i].originalSource)
        }
        let finder = NearDuplicateFinder()
        let spilledCopies = finder.copies(table)
        let spilled = spilledCopies.elements(0..<spilledCopies.count)
        #expect(spilled.count >= 299)
        #expect(spilled == finder.copies(entries))
        #expect(spilled.map { finder.describe($0, table) } == finder.find(entries))
    }

    @Test func anUnwritableDirectoryKeepsRecordsInMemory() {
        let spill = SpillFile(directory: "/nonexistent-claimtrace-dir")
        #expect(!spill.spilling)
        let offset = spill.append([1, 2, 3])
        #expect(spill.read(offset, 3) == [1, 2, 3])
    }

    @Test func integersRoundTripIncludingNegativeAndLarge() {
        var w = ByteWriter()
        let values = [0, 1, 127, 128, 300, -1, Int.max, Int.min, 1 << 40]
        for v in values { w.int(v) }
        var r = ByteReader(w.bytes)
        #expect(values.map { _ in r.int() } == values)
        // A truncated record reads as far as it goes instead of running past the end.
        var short = ByteReader([0x05, 0x61])
        #expect(short.string() == "a")
    }

    @Test func claimTableGivesBackEveryMemberAndFeature() {
        var table = ClaimTable(CorpusStorage(inMemory: false))
        var candidates: [ClaimCandidate] = []
        for i in 0..<500 {
            let member = ClaimMember(
                at: SpanReference(document: "doc\(i / 5)", start: i, end: i + 40, text: "claim “\(i)” about Luvania"),
                attribution: i % 2 == 0 ? "a\(i)" : nil, sourceKind: i % 2 == 0 ? .named : .unattributed,
                speaker: i % 2 == 0 ? "Ivo Dask" : nil, entity: nil, country: i % 4 == 0 ? "Luvania" : nil, date: "2025-02-0\(i % 9 + 1)",
                copyOf: nil)
            candidates.append(
                ClaimCandidate(
                    member: member, localEntity: i % 2 == 0 ? i % 7 : nil, outlet: "Outlet \(i / 5)", published: nil,
                    features: [UInt64(i), UInt64(i + 1000)]))
        }
        for start in stride(from: 0, to: 500, by: 5) { table.append(Array(candidates[start..<start + 5])) }
        #expect(table.count == 500)
        #expect(table.documentCount == 100)
        for (i, c) in candidates.enumerated() {
            #expect(table.member(i) == c.member)
            #expect(Array(table.features(i)) == c.features)
            #expect(table.localEntity[i] == Int32(c.localEntity ?? -1))
            #expect(table.info(i).outlet == c.outlet)
        }
    }

    @Test func spilledAndInMemoryAccumulatorsAgree() throws {
        func doc(_ id: String, _ body: String) throws -> AnalyzedDocument {
            try Pipeline().analyze(Document(id: id, source: id, format: .text, text: "Headline of \(id)\n\n" + body))
        }
        let corpus = [
            try doc("a", "Defence Minister Amir Dastan stated that the United States is transferring ISIS fighters to Afghanistan."),
            try doc("b", "Ambassador Reza Tamar accused Washington of moving Daesh militants to Afghanistan."),
            try doc("c", "Local sources say US helicopters airlifted ISIS commanders to Afghanistan."),
        ]
        var spilled = CorpusAccumulator(spill: true)
        spilled.add(corpus)
        let fromFile = spilled.finish().analysis.claims
        let inMemory = CorpusAccumulator.analyze(corpus).claims
        #expect(!fromFile.isEmpty)
        #expect(fromFile.map(\.members) == inMemory.map(\.members))
        #expect(fromFile.map(\.label) == inMemory.map(\.label))
    }

    @Test func sortsOfManyRunsGiveTheSameCorpusResults() throws {
        // 90 generated articles, every tenth also republished under another id: with runs of 7
        // elements, the links, band keys, candidate pairs and figure buckets are each merged
        // from dozens of runs, and must give what the stages find in memory.
        let corpus = SyntheticCorpus(seed: 4)
        var documents: [Document] = []
        for i in 0..<90 {
            let text = corpus.article(i, paragraphs: 4, varied: true)
            documents.append(Document(id: "g\(i)", source: "g\(i)", format: .text, text: text))
            if i % 10 == 0 { documents.append(Document(id: "copy\(i)", source: "copy\(i)", format: .text, text: text)) }
        }
        let analyzed = try Pipeline().analyze(documents)
        var spilled = CorpusAccumulator(spill: true, runLength: 7)
        spilled.add(Array(analyzed[..<50]))
        spilled.add(Array(analyzed[50...]))
        let fromRuns = spilled.finish().analysis
        let inMemory = CorpusAccumulator.analyze(analyzed)
        #expect(fromRuns.claims.count > 5)
        #expect(fromRuns.duplicates.count >= 9)
        // Clusters and entities are compared as printed: every field, in order.
        #expect(String(describing: fromRuns.claims) == String(describing: inMemory.claims))
        #expect(fromRuns.duplicates == inMemory.duplicates)
        #expect(fromRuns.findings == inMemory.findings)
        #expect(String(describing: fromRuns.entities) == String(describing: inMemory.entities))
        // Linking that keeps only the last 5 claims whole reads older ones back, and links the same.
        var forgetful = ClaimClusterer()
        forgetful.recentClaims = 5
        let candidates = analyzed.flatMap { forgetful.candidates($0) }
        func clusters(_ clusterer: ClaimClusterer) -> String {
            String(describing: clusterer.cluster(candidates, corpusEntity: { _, _ in nil }, entityCountry: { _ in nil }, copies: []))
        }
        #expect(candidates.count > 500)
        #expect(clusters(forgetful) == clusters(ClaimClusterer()))
    }

    @Test func statementTableGivesBackEveryStatement() {
        var table = StatementTable(CorpusStorage(inMemory: false))
        var statements: [QuantityStatement] = []
        for i in 0..<300 {
            let quantity = Quantity(
                range: TextRange(i, i + 12), value: Double(1000 + i), high: i % 5 == 0 ? Double(2000 + i) : nil,
                qualifier: i % 2 == 0 ? .approximately : .exact, subject: i % 7 == 0 ? nil : "fighters",
                subjectRange: i % 7 == 0 ? nil : TextRange(i + 6, i + 12), vague: i % 11 == 0)
            statements.append(
                QuantityStatement(
                    at: SpanReference(document: "doc\(i / 3)", start: i, end: i + 12, text: "nearly \(1000 + i) fighters"), quantity: quantity,
                    context: i % 2 == 0 ? ["Islamic State", "Luvania"] : ["Luvania"], speaker: i % 3 == 0 ? nil : "Ivo Dask",
                    sourceKind: i % 3 == 0 ? .vague : .named, date: i % 4 == 0 ? nil : "2025-03-0\(i % 9 + 1)"))
        }
        table.append(Array(statements[..<150]))
        table.append(Array(statements[150...]))
        #expect(table.count == 300)
        #expect(table.names.sorted() == ["Islamic State", "Luvania"])
        for (i, s) in statements.enumerated() { #expect(table[i] == s) }
    }
}
