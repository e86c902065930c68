import Foundation

/// Our story set for claim identity (`Tests/Fixtures/stories/`): folders of articles, each with
/// a `gold.tsv` saying which sentences tell which claim. The format is described in the set's
/// README.md. Each story is analysed as a corpus of its own and its predicted claim clusters
/// are scored against the gold clustering with ``ClusterScores``.
public enum ClaimStories {
    /// Why a story set could not be read.
    public struct DataError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Whether a telling asserts its claim or denies the claim it is linked to.
    public enum Stance: String, Sendable {
        case asserts, denies
    }

    /// One gold telling: a sentence of one article that tells one claim.
    public struct Telling: Sendable, Hashable {
        /// The gold claim it tells ("C1").
        public var claim: String
        /// The article's file name, in the story's folder.
        public var file: String
        public var stance: Stance
        /// For a denial: the claim it denies.
        public var denies: String?
        /// A substring of the telling sentence that occurs once in the article.
        public var snippet: String
        /// Line in gold.tsv, for messages.
        public var line: Int
    }

    /// One story: its folder, its articles and its gold tellings.
    public struct Story: Sendable {
        public var name: String
        public var folder: String
        public var tellings: [Telling]
    }

    /// The file holding a story's gold clustering.
    public static let goldFile = "gold.tsv"

    /// The stories at `path`: the folder itself when it holds gold.tsv, otherwise each of its
    /// subfolders that does, in name order.
    public static func read(_ path: String) throws(DataError) -> [Story] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DataError(description: "\(path): not a folder (give the stories folder or one story's folder)")
        }
        if fm.fileExists(atPath: (path as NSString).appendingPathComponent(goldFile)) {
            return [try story(path)]
        }
        let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let folders = names.map { (path as NSString).appendingPathComponent($0) }
            .filter { fm.fileExists(atPath: ($0 as NSString).appendingPathComponent(goldFile)) }
        guard !folders.isEmpty else {
            throw DataError(description: "\(path): no \(goldFile) in it or in any folder under it (each story's folder needs one)")
        }
        var stories: [Story] = []
        for folder in folders { stories.append(try story(folder)) }
        return stories
    }

    /// One story's folder, its gold.tsv parsed and checked against the articles present.
    static func story(_ folder: String) throws(DataError) -> Story {
        let path = (folder as NSString).appendingPathComponent(goldFile)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DataError(description: "\(path): cannot be read as UTF-8 text")
        }
        let tellings = try parseGold(text, path: path)
        for t in tellings where !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(t.file)) {
            throw DataError(description: "\(path):\(t.line): the article \(t.file) is not in \(folder)")
        }
        return Story(name: (folder as NSString).lastPathComponent, folder: folder, tellings: tellings)
    }

    /// Parses gold.tsv: tab-separated `claim file stance denies snippet`, `#` comment lines
    /// and blank lines skipped, `-` for no denied claim.
    public static func parseGold(_ text: String, path: String) throws(DataError) -> [Telling] {
        var tellings: [Telling] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let at = "\(path):\(i + 1)"
            guard fields.count == 5 else {
                throw DataError(description: "\(at): \(fields.count) tab-separated fields; a telling has 5 (claim, file, stance, denies, snippet)")
            }
            guard let stance = Stance(rawValue: fields[2]) else {
                throw DataError(description: "\(at): stance '\(fields[2])' is neither asserts nor denies")
            }
            let denies = fields[3] == "-" ? nil : fields[3]
            if stance == .denies, denies == nil {
                throw DataError(description: "\(at): a denial names the claim it denies in the fourth field")
            }
            if stance == .asserts, denies != nil {
                throw DataError(description: "\(at): only a denial names a denied claim; write '-' in the fourth field")
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty, fields[4].count >= 8 else {
                throw DataError(description: "\(at): claim and file must be given and the snippet must be at least 8 characters")
            }
            tellings.append(Telling(claim: fields[0], file: fields[1], stance: stance, denies: denies, snippet: fields[4], line: i + 1))
        }
        let claims = Set(tellings.map(\.claim))
        for t in tellings {
            if let d = t.denies, !claims.contains(d) {
                throw DataError(description: "\(path):\(t.line): denies \(d), which no line of the file tells")
            }
        }
        for (claim, group) in Dictionary(grouping: tellings, by: \.claim) where Set(group.map(\.stance)).count > 1 {
            throw DataError(description: "\(path): claim \(claim) both asserts and denies; a denial is a claim of its own")
        }
        return tellings
    }

    /// Where each telling stands in its article: the snippet's span, in code points of the
    /// document's text (as ``ClaimMember/at`` counts). `documents` maps file names to the read
    /// documents' text. A snippet must occur exactly once in its article.
    /// - Complexity: O(Σ text × snippet) (a plain search; the texts are our own and short).
    public static func locate(_ tellings: [Telling], story: String, in texts: [String: String]) throws(DataError)
        -> [(file: String, start: Int, end: Int)]
    {
        var spans: [(file: String, start: Int, end: Int)] = []
        var offsets: [String: ScalarOffsets] = [:]
        for t in tellings {
            guard let text = texts[t.file] else {
                throw DataError(description: "\(story)/\(goldFile):\(t.line): \(t.file) was not read as an article")
            }
            let bytes = Array(text.utf8)
            let hits = ByteSearch.occurrences(of: Array(t.snippet.utf8), in: bytes)
            guard hits.count == 1 else {
                throw DataError(
                    description: "\(story)/\(goldFile):\(t.line): the snippet \"\(t.snippet)\" occurs \(hits.count) times in \(t.file); "
                        + "it must occur once (make it longer or correct it)")
            }
            let o = offsets[t.file] ?? ScalarOffsets(text)
            offsets[t.file] = o
            let (s, e) = o.scalars(TextRange(hits[0], hits[0] + t.snippet.utf8.count))
            spans.append((t.file, s, e))
        }
        return spans
    }

    /// Which predicted cluster each gold span falls in, and how many predicted members match no gold span.
    public struct Matching: Sendable, Equatable {
        /// For each gold span, the index of the cluster of the member that overlaps it most (the
        /// first such cluster on a tie), or nil when no member overlaps it.
        public var cluster: [Int?]
        /// Predicted members that overlap no gold span.
        public var unmatchedMembers: Int
    }

    /// Maps predicted cluster members onto gold spans: a member matches a gold span when both
    /// are in the same file and share at least one code point.
    /// - Complexity: O(gold × members).
    public static func match(
        gold: [(file: String, start: Int, end: Int)], clusters: [[(file: String, start: Int, end: Int)]]
    ) -> Matching {
        var best: [(cluster: Int, overlap: Int)?] = Array(repeating: nil, count: gold.count)
        var unmatched = 0
        for (c, members) in clusters.enumerated() {
            for m in members {
                var matched = false
                for (g, span) in gold.enumerated() where span.file == m.file {
                    let overlap = min(span.end, m.end) - max(span.start, m.start)
                    guard overlap > 0 else { continue }
                    matched = true
                    if best[g] == nil || overlap > best[g]!.overlap { best[g] = (c, overlap) }
                }
                if !matched { unmatched += 1 }
            }
        }
        return Matching(cluster: best.map { $0?.cluster }, unmatchedMembers: unmatched)
    }

    /// The labels to score: each gold span's predicted cluster, or a singleton of its own when
    /// no member matched it.
    public static func predictedLabels(_ matching: Matching) -> [Int] {
        matching.cluster.enumerated().map { i, c in c ?? -1 - i }
    }

    /// One story analysed and scored.
    public struct StoryResult: Sendable {
        public var story: Story
        public var scores: ClusterScores
        public var matching: Matching
        /// The predicted clusters, as analysed.
        public var clusters: [ClaimCluster]
        public var documents: Int
    }

    /// Runs the whole analysis (reading, the per-document stages, the corpus stages) on one
    /// story's articles as a corpus of their own, and scores its claim clusters.
    /// - Complexity: that of the pipeline on the story, plus O(gold × members) for matching.
    public static func evaluate(
        _ story: Story, runner: CorpusRunner = CorpusRunner(), embed: (([String]) -> [[Float]])? = nil
    ) throws -> StoryResult {
        let (documents, gold) = try read(story, runner: runner)
        let corpus = CorpusAccumulator.analyze(documents, embed: embed)
        return score(story, gold: gold, documents: documents, clusters: corpus.claims)
    }

    /// Scores predicted clusters of a story against its gold tellings (`gold`: their spans, from
    /// ``locate(_:story:in:)``).
    public static func score(_ story: Story, gold: [(file: String, start: Int, end: Int)], documents: [AnalyzedDocument], clusters: [ClaimCluster])
        -> StoryResult
    {
        let fileOf = Dictionary(documents.map { ($0.id, ($0.id as NSString).lastPathComponent) }, uniquingKeysWith: { a, _ in a })
        let spans = clusters.map { claim in
            claim.members.map { (file: fileOf[$0.at.document] ?? $0.at.document, start: $0.at.start, end: $0.at.end) }
        }
        let matching = match(gold: gold, clusters: spans)
        let scores = ClusterScores(gold: story.tellings.map(\.claim), predicted: predictedLabels(matching))
        return StoryResult(story: story, scores: scores, matching: matching, clusters: clusters, documents: documents.count)
    }

    /// Reads and analyses a story's articles (each document's stages only) and locates its gold
    /// tellings in them.
    public static func read(_ story: Story, runner: CorpusRunner = CorpusRunner()) throws
        -> (documents: [AnalyzedDocument], gold: [(file: String, start: Int, end: Int)])
    {
        let collection = InputCollector().collect([story.folder])
        let files = collection.files.filter { ($0.path as NSString).lastPathComponent != goldFile }
        var documents: [AnalyzedDocument] = []
        var problems = collection.issues.map(\.description)
        try runner.run(files) { batch in
            documents += batch.documents
            problems += batch.issues.map(\.description)
        }
        if !problems.isEmpty {
            throw DataError(description: "\(story.folder): articles could not be read: " + problems.joined(separator: "; "))
        }
        let texts = Dictionary(documents.map { (($0.id as NSString).lastPathComponent, $0.text) }, uniquingKeysWith: { a, _ in a })
        return (documents, try locate(story.tellings, story: story.folder, in: texts))
    }

    /// The misses of one story, for reading: gold claims whose tellings fall in several
    /// predicted clusters, and predicted clusters that hold tellings of several gold claims.
    public struct Misses: Sendable {
        /// A gold claim and its tellings by predicted cluster (nil: matched by no member).
        public var split: [(claim: String, parts: [(cluster: Int?, tellings: [Telling])])]
        /// A predicted cluster and the gold claims among its tellings.
        public var mixed: [(cluster: Int, claims: [(claim: String, tellings: [Telling])])]
    }

    /// The misses of a scored story, in gold-file order.
    public static func misses(_ result: StoryResult) -> Misses {
        let tellings = result.story.tellings
        let clusterOf = result.matching.cluster
        var claimOrder: [String] = []
        var byClaim: [String: [Int]] = [:]
        for (i, t) in tellings.enumerated() {
            if byClaim[t.claim] == nil { claimOrder.append(t.claim) }
            byClaim[t.claim, default: []].append(i)
        }
        var split: [(claim: String, parts: [(cluster: Int?, tellings: [Telling])])] = []
        for claim in claimOrder {
            let indices = byClaim[claim]!
            guard indices.count > 1 else { continue }
            var parts: [(cluster: Int?, tellings: [Telling])] = []
            for i in indices {
                // Unmatched tellings are each their own singleton.
                if let c = clusterOf[i], let k = parts.firstIndex(where: { $0.cluster == c }) {
                    parts[k].tellings.append(tellings[i])
                } else {
                    parts.append((clusterOf[i], [tellings[i]]))
                }
            }
            if parts.count > 1 { split.append((claim, parts)) }
        }
        var mixed: [(cluster: Int, claims: [(claim: String, tellings: [Telling])])] = []
        let clustersInOrder = clusterOf.compactMap { $0 }.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        for c in clustersInOrder {
            var claims: [(claim: String, tellings: [Telling])] = []
            for (i, t) in tellings.enumerated() where clusterOf[i] == c {
                if let k = claims.firstIndex(where: { $0.claim == t.claim }) {
                    claims[k].tellings.append(t)
                } else {
                    claims.append((t.claim, [t]))
                }
            }
            if claims.count > 1 { mixed.append((c, claims)) }
        }
        return Misses(split: split, mixed: mixed)
    }
}
