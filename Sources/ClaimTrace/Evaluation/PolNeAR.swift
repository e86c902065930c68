import Foundation

/// PolNeAR 1.0 (political news attribution relations): article texts and brat standoff files
/// whose `E` lines tie a Source, a Cue and a Content span into one attribution.
public enum PolNeAR {
    /// One article with its gold attributions (from its first annotator's file) and, for the
    /// few articles several annotators marked, every annotator's.
    public struct Article: Sendable {
        public var name: String
        public var text: String
        public var attributions: [GoldAttribution]
        /// Each annotator's attributions (annotator id from the file name: `NAME_<id>.ann`),
        /// sorted by id; the first is `attributions`.
        public var annotators: [(id: String, attributions: [GoldAttribution])] = []
    }

    /// Spans in Unicode scalar offsets; a discontinuous span is taken by its extent.
    public struct GoldAttribution: Sendable, Hashable {
        public var source: ScalarSpan?
        public var cue: ScalarSpan?
        public var content: ScalarSpan?
    }

    public struct ScalarSpan: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public init(_ start: Int, _ end: Int) {
            self.start = start
            self.end = end
        }
    }

    /// Reads `split` ("dev" or "train") under `folder`.
    public static func read(_ folder: String, split: String) throws -> [Article] {
        let base = (folder as NSString).appendingPathComponent(split)
        let texts = (base as NSString).appendingPathComponent("text")
        let annotations = (base as NSString).appendingPathComponent("attributions")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: texts),
            let annotationFiles = try? FileManager.default.contentsOfDirectory(atPath: annotations)
        else {
            throw EvaluationError.missingData(base, "PolNeAR's text/ and attributions/ folders")
        }
        var articles: [Article] = []
        for name in names.filter({ $0.hasSuffix(".txt") }).sorted() {
            let stem = String(name.dropLast(4))
            guard let text = try? String(contentsOfFile: (texts as NSString).appendingPathComponent(name), encoding: .utf8)
            else { continue }
            // "NAME_<annotator>.ann", where the annotator id holds no underscore.
            let annotators: [(id: String, attributions: [GoldAttribution])] = annotationFiles.compactMap { file in
                guard file.hasPrefix(stem + "_"), file.hasSuffix(".ann") else { return nil }
                let id = String(file.dropFirst(stem.count + 1).dropLast(4))
                guard !id.contains("_"),
                    let ann = try? String(contentsOfFile: (annotations as NSString).appendingPathComponent(file), encoding: .utf8)
                else { return nil }
                return (id, parse(ann))
            }.sorted { $0.id < $1.id }
            guard let first = annotators.first else { continue }
            articles.append(Article(name: stem, text: text, attributions: first.attributions, annotators: annotators))
        }
        return articles
    }

    /// Parses a brat file's `T` and `E` lines.
    static func parse(_ ann: String) -> [GoldAttribution] {
        var spans: [String: (type: String, span: ScalarSpan)] = [:]
        var events: [[(String, String)]] = []
        for line in ann.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            if line.hasPrefix("T") {
                let header = fields[1].split(separator: " ", maxSplits: 1)
                guard header.count == 2 else { continue }
                let numbers = header[1].split(whereSeparator: { $0 == " " || $0 == ";" }).compactMap { Int($0) }
                guard let lo = numbers.min(), let hi = numbers.max() else { continue }
                spans[String(fields[0])] = (String(header[0]), ScalarSpan(lo, hi))
            } else if line.hasPrefix("E") {
                events.append(
                    fields[1].split(separator: " ").compactMap { part in
                        let kv = part.split(separator: ":")
                        return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
                    })
            }
        }
        return events.map { roles in
            var a = GoldAttribution()
            for (role, id) in roles {
                guard let span = spans[id]?.span else { continue }
                switch role {
                case "Source": a.source = span
                case "Cue": a.cue = span
                case "Content": a.content = span
                default: break
                }
            }
            return a
        }.filter { $0.cue != nil || $0.content != nil }
    }

    /// Sentences of the articles with a tag per token from the gold spans: B-/I-SOURCE, CUE and
    /// CONTENT (a cue wins over a source, a source over a content, where spans nest), for
    /// training the attribution tagger.
    public static func taggedSentences(_ articles: [Article]) throws -> [CoNLL.Sentence] {
        let paragraphs = ParagraphSplitter()
        let splitter = SentenceSplitter()
        let tokenizer = Tokenizer()
        var out: [CoNLL.Sentence] = []
        for article in articles {
            let offsets = ScalarOffsets(article.text)
            func bytes(_ span: ScalarSpan?) -> TextRange? { span.map { offsets.bytes(start: $0.start, end: $0.end) } }
            let spans: [(TextRange, String)] = article.attributions.flatMap { a in
                [(bytes(a.cue), "CUE"), (bytes(a.source), "SOURCE"), (bytes(a.content), "CONTENT")].compactMap { r, t in r.map { ($0, t) } }
            }
            let priority = ["CUE": 0, "SOURCE": 1, "CONTENT": 2]
            let sentences = try splitter.split(article.text, paragraphs: paragraphs.split(article.text))
            for sentence in sentences {
                let tokens = tokenizer.tokens(article.text, in: sentence)
                guard !tokens.isEmpty else { continue }
                var tags: [String] = []
                var previous: (TextRange, String)?
                for token in tokens {
                    let covering = spans.filter { $0.0.contains(token.range.start) }.min { priority[$0.1]! < priority[$1.1]! }
                    if let covering {
                        let continues = previous.map { $0.0 == covering.0 && $0.1 == covering.1 } ?? false
                        tags.append((continues ? "I-" : "B-") + covering.1)
                    } else {
                        tags.append("O")
                    }
                    previous = covering
                }
                out.append(CoNLL.Sentence(words: tokens.map { article.text.utf8Slice($0.range) }, tags: tags))
            }
        }
        return out
    }

    /// Runs the pipeline over each article (as plain text, so offsets agree) and scores its
    /// attributions against the first annotator's.
    public static func evaluate(_ articles: [Article], pipeline: Pipeline = Pipeline(), jobs: Int = Pipeline.defaultJobs) throws
        -> Scores
    {
        score(articles, predicted: try predict(articles, pipeline: pipeline, jobs: jobs))
    }

    /// The first annotator's attributions against `predicted` (one list per article).
    public static func score(_ articles: [Article], predicted: [[GoldAttribution]]) -> Scores {
        var scores = Scores()
        for (article, prediction) in zip(articles, predicted) {
            scores.add(gold: article.attributions, predicted: prediction, text: Array(article.text.unicodeScalars))
        }
        return scores
    }

    /// The pipeline's attributions in each article, read as PolNeAR annotates them.
    public static func predict(_ articles: [Article], pipeline: Pipeline = Pipeline(), jobs: Int = Pipeline.defaultJobs) throws
        -> [[GoldAttribution]]
    {
        try parallelMap(articles.count, jobs: jobs) { i in
            let a = articles[i]
            let analyzed = try pipeline.analyze(Document(id: a.name, source: a.name, format: .text, text: a.text))
            let offsets = ScalarOffsets(a.text)
            // Pieces of one quotation (resumed after its attribution, or continued in the next
            // paragraph) share their source and cue: PolNeAR annotates them as one attribution
            // with a discontinuous content, read from its first piece to its last, and so are they.
            var merged: [Attribution] = []
            var byCue: [TextRange: Int] = [:]
            for x in analyzed.attributions {
                if let k = byCue[x.cue] {
                    merged[k].content = TextRange(min(merged[k].content.start, x.content.start), max(merged[k].content.end, x.content.end))
                } else {
                    byCue[x.cue] = merged.count
                    merged.append(x)
                }
            }
            let bytes = Array(a.text.utf8)
            return merged.map { x in
                GoldAttribution(
                    source: x.source.map { annotated($0, bytes) }.map { ScalarSpan(offsets.scalar($0.start), offsets.scalar($0.end)) },
                    cue: ScalarSpan(offsets.scalar(x.cue.start), offsets.scalar(x.cue.end)),
                    content: ScalarSpan(offsets.scalar(x.content.start), offsets.scalar(x.content.end)))
            }
        }
    }

    /// How far people agree, on the articles that several annotators marked: every annotator
    /// scored against every other (each ordered pair once, so precision and recall are
    /// symmetric over the table), and the predictions scored against every annotator, by the
    /// same measures as ``evaluate``. The first is the ceiling a reference made by one person
    /// leaves to any extractor.
    public static func agreement(_ articles: [Article], predicted: [[GoldAttribution]])
        -> (articles: Int, people: Scores, claimtrace: Scores)
    {
        var people = Scores()
        var ours = Scores()
        var count = 0
        for (article, prediction) in zip(articles, predicted) where article.annotators.count > 1 {
            count += 1
            let text = Array(article.text.unicodeScalars)
            for (i, reference) in article.annotators.enumerated() {
                ours.add(gold: reference.attributions, predicted: prediction, text: text)
                for (j, other) in article.annotators.enumerated() where j != i {
                    people.add(gold: reference.attributions, predicted: other.attributions, text: text)
                }
            }
        }
        return (count, people, ours)
    }

    /// One article's attributions as a brat standoff file, written as PolNeAR's own are: a `T`
    /// line for each span (`T1<TAB>Source 0 8<TAB>words`), a trigger `T` line of type
    /// Attribution over the cue (or the content, when there is no cue), and an `E` line tying
    /// them (`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`).
    public static func brat(_ attributions: [GoldAttribution], text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var lines: [String] = []
        var spans = 0
        var events = 0
        func span(_ type: String, _ s: ScalarSpan) -> String {
            spans += 1
            // Brat keeps a span's words on one line: breaks and tabs read as spaces.
            let words = String(String.UnicodeScalarView(scalars[s.start..<s.end]))
                .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
            lines.append("T\(spans)\t\(type) \(s.start) \(s.end)\t\(words)")
            return "T\(spans)"
        }
        func valid(_ s: ScalarSpan?) -> ScalarSpan? { s.flatMap { $0.start < $0.end && $0.end <= scalars.count ? $0 : nil } }
        for a in attributions {
            guard let trigger = valid(a.cue) ?? valid(a.content) else { continue }
            var roles: [String] = []
            for (role, s) in [("Content", valid(a.content)), ("Cue", valid(a.cue)), ("Source", valid(a.source))] {
                if let s { roles.append("\(role):" + span(role, s)) }
            }
            let head = span("Attribution", trigger)
            events += 1
            lines.append("E\(events)\tAttribution:\(head) " + roles.joined(separator: " "))
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// A source as PolNeAR's annotators mark it: an appositive's closing comma belongs to the
    /// source ("Brian Fallon, the campaign's press secretary, said": 90% of the training part's
    /// sources with an inner comma that are followed by one take it), so a source with an inner
    /// comma that a comma follows is read with it.
    static func annotated(_ source: TextRange, _ bytes: [UInt8]) -> TextRange {
        let comma = UInt8(ascii: ",")
        guard source.end < bytes.count, bytes[source.end] == comma,
            bytes[source.start..<source.end].contains(comma)
        else { return source }
        return TextRange(source.start, source.end + 1)
    }

    /// Scores predicted attributions against gold, per role and whole, exactly and by any
    /// overlap of non-space characters.
    public struct Scores: Sendable {
        /// Overlap counts: predictions that overlap some gold item, gold items that some
        /// prediction overlaps.
        public struct OverlapCounts: Sendable {
            public var matchedPredicted = 0
            public var predicted = 0
            public var matchedGold = 0
            public var gold = 0
            public var precision: Double { predicted == 0 ? 0 : Double(matchedPredicted) / Double(predicted) }
            public var recall: Double { gold == 0 ? 0 : Double(matchedGold) / Double(gold) }
            public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        }

        public var roles: [String: (exact: SpanScores.Counts, overlap: OverlapCounts)] = [:]

        public init() {}

        public mutating func add(gold: [GoldAttribution], predicted: [GoldAttribution], text: [Unicode.Scalar]) {
            func overlaps(_ a: ScalarSpan?, _ b: ScalarSpan?) -> Bool {
                guard let a, let b else { return a == nil && b == nil }
                let lo = max(a.start, b.start)
                let hi = min(a.end, b.end)
                guard lo < hi else { return false }
                return (lo..<hi).contains { !text[$0].properties.isWhitespace }
            }
            func count(_ name: String, _ key: (GoldAttribution) -> [ScalarSpan?]) {
                let g = gold.map(key).filter { !$0.contains(nil) || name == "attribution" }
                let p = predicted.map(key).filter { !$0.contains(nil) || name == "attribution" }
                var entry = roles[name] ?? (SpanScores.Counts(), OverlapCounts())
                // Exact: as multisets.
                var unmatched = g
                for x in p {
                    if let i = unmatched.firstIndex(of: x) {
                        unmatched.remove(at: i)
                        entry.exact.truePositives += 1
                    } else {
                        entry.exact.falsePositives += 1
                    }
                }
                entry.exact.falseNegatives += unmatched.count
                // Overlap: a prediction counts if it overlaps some gold item in every part, and
                // a gold item is found if some prediction overlaps it.
                func match(_ x: [ScalarSpan?], _ y: [ScalarSpan?]) -> Bool { zip(x, y).allSatisfy { overlaps($0, $1) } }
                entry.overlap.predicted += p.count
                entry.overlap.gold += g.count
                entry.overlap.matchedPredicted += p.filter { x in g.contains { match(x, $0) } }.count
                entry.overlap.matchedGold += g.filter { y in p.contains { match($0, y) } }.count
                roles[name] = entry
            }
            count("source") { [$0.source] }
            count("cue") { [$0.cue] }
            count("content") { [$0.content] }
            count("attribution") { [$0.source, $0.cue, $0.content] }
        }

        public func table(title: String) -> String {
            var lines = [title, "part          exact P   exact R  exact F1   overlap P overlap R overlap F1"]
            for name in ["source", "cue", "content", "attribution"] {
                guard let (e, o) = roles[name] else { continue }
                lines.append(
                    name.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(format: "%9.4f %9.4f %9.4f   %9.4f %9.4f %9.4f", e.precision, e.recall, e.f1, o.precision, o.recall, o.f1))
            }
            return lines.joined(separator: "\n")
        }
    }
}
