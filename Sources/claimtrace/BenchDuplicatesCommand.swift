import ArgumentParser
import ClaimTrace
import Foundation

struct BenchDuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Measure near-duplicate detection: throughput, and recall against planted copies and exact Jaccard.",
        discussion: """
            Generates N articles of invented words (unrelated articles share almost no 5-word
            sequences) and, for every 50th, three copies: paragraphs shuffled, site
            furniture changed, and the last 30% cut. Fingerprints everything (MinHash, 128
            hashes over word 5-shingles), finds pairs with LSH (32 bands of 4 rows), and reports
            pairs per second and the share of planted copies found. On a sample it also computes
            exact Jaccard over all pairs and reports the recall of LSH against it.

            Example:
              swift run -c release claimtrace bench duplicates --docs 100000
            """
    )

    @Option(name: .long, help: "Number of original articles to generate.")
    var docs: Int = 20_000

    @Option(name: .long, help: "Size of the sample compared with exact all-pairs Jaccard.")
    var sample: Int = 2_000

    func validate() throws {
        if docs < 100 { throw ValidationError("--docs must be at least 100") }
        if sample < 100 { throw ValidationError("--sample must be at least 100") }
    }

    func run() throws {
        let corpus = SyntheticCorpus(seed: 11)
        var texts: [(id: String, text: String)] = []
        var planted: [(String, String)] = []
        let start = Date()
        for i in 0..<docs {
            let text = corpus.independentArticle(i)
            texts.append(("doc\(i)", text))
            guard i % 50 == 0 else { continue }
            let paragraphs = text.components(separatedBy: "\n\n")
            let body = Array(paragraphs.dropLast(4))  // without the furniture at the end
            var rng = SplitMix64(seed: UInt64(i))
            texts.append(("doc\(i)-shuffled", body.shuffled(using: &rng).joined(separator: "\n\n")))
            texts.append(("doc\(i)-furniture", (body + ["Share this: Facebook Twitter", "Become a member today", "© 2025 Another Site"]).joined(separator: "\n\n")))
            texts.append(("doc\(i)-truncated", String(text.prefix(text.count * 7 / 10))))
            planted += [("doc\(i)", "doc\(i)-shuffled"), ("doc\(i)", "doc\(i)-furniture"), ("doc\(i)", "doc\(i)-truncated")]
        }
        let megabytes = Double(texts.reduce(0) { $0 + $1.text.utf8.count }) / 1_000_000
        print(String(format: "corpus: %d documents (%d planted copies), %.1f MB, generated in %.1f s", texts.count, planted.count, megabytes, Date().timeIntervalSince(start)))

        // Fingerprints (a per-document stage: parallel), on the text outside site furniture.
        let pipeline = Pipeline()
        let t0 = Date()
        let frozen = texts
        let entries = try parallelMap(frozen.count, jobs: Pipeline.defaultJobs) { i -> NearDuplicateFinder.Entry in
            let text = frozen[i].text
            let paragraphs = pipeline.paragraphs.split(text)
            let excluded = pipeline.boilerplate.detect(text, paragraphs: paragraphs, hints: ReaderHints())
            return NearDuplicateFinder.Entry(
                id: frozen[i].id, fingerprint: Fingerprint(text: text, excluded: excluded), outlet: nil, published: nil,
                originalSource: nil)
        }
        let t1 = Date()
        let finder = NearDuplicateFinder()
        let pairs = finder.find(entries)
        let t2 = Date()
        let found = Set(pairs.map { [$0.a, $0.b].sorted() })
        let recall = Double(planted.filter { found.contains([$0.0, $0.1].sorted()) }.count) / Double(planted.count)
        print(String(format: "fingerprints: %.2f s (%.0f docs/s, %d threads)", t1.timeIntervalSince(t0), Double(texts.count) / t1.timeIntervalSince(t0), Pipeline.defaultJobs))
        print(String(format: "LSH + verification: %.2f s, %d pairs found (%.0f pairs/s, %.0f docs/s)", t2.timeIntervalSince(t1), pairs.count, Double(pairs.count) / t2.timeIntervalSince(t1), Double(texts.count) / t2.timeIntervalSince(t1)))
        print(String(format: "recall of planted copies: %.4f (%d of %d)", recall, Int(recall * Double(planted.count)), planted.count))
        let byKind = Dictionary(grouping: planted, by: { String($0.1.split(separator: "-").last ?? "") })
        for (kind, list) in byKind.sorted(by: { $0.key < $1.key }) {
            let hit = list.filter { found.contains([$0.0, $0.1].sorted()) }.count
            print("  \(kind): \(hit) of \(list.count)")
        }
        let unplanted = pairs.filter { p in !planted.contains { [$0.0, $0.1].sorted() == [p.a, p.b].sorted() } && !(p.a.hasPrefix(p.b + "-") || p.b.hasPrefix(p.a + "-") || p.a.split(separator: "-").first == p.b.split(separator: "-").first) }
        print("pairs that are not copies of one another: \(unplanted.count)")

        // Exact all-pairs Jaccard on a sample, as ground truth for LSH's recall.
        let n = min(sample, entries.count)
        let sampleTexts = Array(texts.prefix(n))
        let sets: [Set<UInt64>] = sampleTexts.map { Self.shingles($0.text) }
        let t3 = Date()
        var truth = Set<[String]>()
        for i in 0..<n {
            for j in (i + 1)..<n {
                let inter = sets[i].intersection(sets[j]).count
                let union = sets[i].count + sets[j].count - inter
                let jaccard = union == 0 ? 0 : Double(inter) / Double(union)
                let containment = Double(inter) / Double(max(1, min(sets[i].count, sets[j].count)))
                if jaccard >= finder.minimumSimilarity || containment >= finder.minimumContainment {
                    truth.insert([sampleTexts[i].id, sampleTexts[j].id].sorted())
                }
            }
        }
        let t4 = Date()
        let sampleIds = Set(sampleTexts.map(\.id))
        let lshSample = Set(found.filter { sampleIds.contains($0[0]) && sampleIds.contains($0[1]) })
        let lshRecall = truth.isEmpty ? 1 : Double(truth.intersection(lshSample).count) / Double(truth.count)
        let lshPrecision = lshSample.isEmpty ? 1 : Double(truth.intersection(lshSample).count) / Double(lshSample.count)
        print(String(format: "exact all-pairs Jaccard on %d documents: %.1f s, %d true pairs; LSH recall %.4f, precision %.4f", n, t4.timeIntervalSince(t3), truth.count, lshRecall, lshPrecision))
    }

    /// Exact word 5-shingles (the ground truth the MinHash estimate approximates).
    static func shingles(_ text: String) -> Set<UInt64> {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.hashValue }
        guard words.count >= 5 else { return [] }
        return Set((0...(words.count - 5)).map { k in words[k..<(k + 5)].reduce(UInt64(0)) { ($0 &* 31) ^ UInt64(bitPattern: Int64($1)) } })
    }
}
