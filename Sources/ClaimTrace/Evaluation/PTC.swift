import Foundation

/// The Propaganda Techniques Corpus (PTC, SemEval-2020 task 11): reading its training articles
/// and labels, k-fold cross-validation of ``TechniqueDetector``, and the official measures.
///
/// - Span identification (SI): precision and recall with partial credit, as the task's scorer
///   computes them: over predicted spans s and gold spans t (each set merged where it overlaps),
///   P = Σₛ Σₜ |s∩t| / |s| ÷ |S| and R = Σₛ Σₜ |s∩t| / |t| ÷ |T|.
/// - Technique classification (TC): given the gold spans (a span with k labels asks for k
///   guesses, scored as multisets), micro-F1, which equals accuracy here, and F1 per technique.
public enum PTC {
    public struct Article: Sendable {
        public let id: String
        public let text: String
        /// Gold passages in Unicode scalar offsets, as in the label files.
        public let gold: [(start: Int, end: Int, technique: Technique)]
    }

    public enum ReadError: Error, CustomStringConvertible {
        case missing(String)
        case badLine(String, Int, String)
        public var description: String {
            switch self {
            case .missing(let path): return "\(path): not found (expected PTC's train-articles/ and train-task-flc-tc.labels)"
            case .badLine(let file, let line, let text): return "\(file):\(line): not 'id<TAB>technique<TAB>start<TAB>end': \(text)"
            }
        }
    }

    /// Reads `train-articles/article<ID>.txt` and `train-task-flc-tc.labels` from `folder`.
    public static func read(_ folder: String) throws -> [Article] {
        let articlesFolder = folder + "/train-articles"
        let labelsFile = folder + "/train-task-flc-tc.labels"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: articlesFolder) else {
            throw ReadError.missing(articlesFolder)
        }
        guard let labels = try? String(contentsOfFile: labelsFile, encoding: .utf8) else {
            throw ReadError.missing(labelsFile)
        }
        var gold: [String: [(Int, Int, Technique)]] = [:]
        for (number, line) in labels.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 4, let technique = Technique(rawValue: fields[1]), let start = Int(fields[2]),
                let end = Int(fields[3]), start <= end
            else { throw ReadError.badLine(labelsFile, number + 1, String(line.prefix(80))) }
            gold[fields[0], default: []].append((start, end, technique))
        }
        var articles: [Article] = []
        for name in names.sorted() where name.hasPrefix("article") && name.hasSuffix(".txt") {
            let id = String(name.dropFirst("article".count).dropLast(".txt".count))
            let text = try String(contentsOfFile: articlesFolder + "/" + name, encoding: .utf8)
            articles.append(Article(id: id, text: text, gold: gold[id] ?? []))
        }
        return articles
    }

    /// PTC articles hold one sentence per line: each non-blank line is a sentence (byte ranges).
    public static func sentences(_ text: String) -> [TextRange] {
        var out: [TextRange] = []
        var start = 0
        var offset = 0
        for byte in text.utf8 {
            if byte == 10 {
                if offset > start { out.append(TextRange(start, offset)) }
                start = offset + 1
            }
            offset += 1
        }
        if offset > start { out.append(TextRange(start, offset)) }
        return out.filter { range in
            text.utf8.dropFirst(range.start).prefix(range.length).contains { $0 != 32 && $0 != 13 && $0 != 9 }
        }
    }

    /// What the detector trains on for one article.
    static func prepared(_ article: Article) -> (text: TechniqueText, gold: [TechniqueDetector.GoldSpan]) {
        let offsets = ScalarOffsets(article.text)
        let text = TechniqueText(text: article.text, sentences: sentences(article.text))
        let gold = article.gold.map {
            TechniqueDetector.GoldSpan(range: offsets.bytes(start: $0.start, end: $0.end), technique: $0.technique)
        }
        return (text, gold)
    }

    /// The detector trained on all the given articles, with the settings an inner split chose:
    /// a detector trained on four fifths of them (by sorted position) decodes the other fifth
    /// under every setting of ``TechniqueDetector/Settings/candidates``, and the best by SI F1
    /// is kept. Cross-validation trains each fold's detector this same way, so the shipped
    /// detector is the one that was measured.
    public static func train(_ articles: [Article], epochs: Int = 6) -> (detector: TechniqueDetector, settings: TechniqueDetector.Settings) {
        train(articles, prepared: articles.map(prepared), epochs: epochs)
    }

    static func train(
        _ articles: [Article], prepared: [(text: TechniqueText, gold: [TechniqueDetector.GoldSpan])], epochs: Int
    ) -> (detector: TechniqueDetector, settings: TechniqueDetector.Settings) {
        let inner = articles.indices.filter { $0 % 5 == 0 }
        let innerTrain = articles.indices.filter { $0 % 5 != 0 }
        let innerDetector = TechniqueDetector.train(innerTrain.map { prepared[$0] }, epochs: epochs)
        // The models' probabilities of the held-out fifth, and its repetitions, do not depend
        // on the settings: computed once, every token of every sentence.
        let scored = inner.map { innerDetector.scored(prepared[$0].text, everyToken: true) }
        let repeated = inner.map { innerDetector.repetitions.find(prepared[$0].text).map(\.range) }
        var best = TechniqueDetector.Settings()
        var bestF1 = -1.0
        for settings in TechniqueDetector.Settings.candidates {
            var detector = innerDetector
            detector.settings = settings
            var scores = Scores()
            for (k, i) in inner.enumerated() {
                scoreSI(detector, articles[i], prepared[i].text, scored: scored[k], repeated: repeated[k], into: &scores)
            }
            if scores.siF1 > bestF1 { (best, bestF1) = (settings, scores.siF1) }
        }
        var detector = TechniqueDetector.train(prepared, epochs: epochs)
        detector.settings = best
        return (detector, best)
    }

    // MARK: Scores

    public struct Scores: Sendable {
        public var siPrecisionSum = 0.0, siRecallSum = 0.0
        public var predictedSpans = 0, goldSpans = 0
        public var tcCorrect = 0, tcTotal = 0
        public var perTechnique: [Technique: (gold: Int, predicted: Int, correct: Int)] = [:]

        public var siPrecision: Double { predictedSpans == 0 ? 0 : siPrecisionSum / Double(predictedSpans) }
        public var siRecall: Double { goldSpans == 0 ? 0 : siRecallSum / Double(goldSpans) }
        public var siF1: Double { Self.f1(siPrecision, siRecall) }
        public var tcMicroF1: Double { tcTotal == 0 ? 0 : Double(tcCorrect) / Double(tcTotal) }

        static func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }

        /// Merges overlapping or touching spans.
        static func merged(_ spans: [(Int, Int)]) -> [(Int, Int)] {
            var out: [(Int, Int)] = []
            for span in spans.sorted(by: { $0 < $1 }) where span.1 > span.0 {
                if let last = out.last, span.0 <= last.1 {
                    out[out.count - 1].1 = max(last.1, span.1)
                } else {
                    out.append(span)
                }
            }
            return out
        }

        /// Adds one article's span identification (scalar offsets).
        public mutating func addSI(predicted: [(Int, Int)], gold: [(Int, Int)]) {
            let s = Self.merged(predicted), t = Self.merged(gold)
            predictedSpans += s.count
            goldSpans += t.count
            for a in s {
                for b in t {
                    let overlap = min(a.1, b.1) - max(a.0, b.0)
                    guard overlap > 0 else { continue }
                    siPrecisionSum += Double(overlap) / Double(a.1 - a.0)
                    siRecallSum += Double(overlap) / Double(b.1 - b.0)
                }
            }
        }

        /// Adds one span's classification: the gold labels and as many guesses.
        public mutating func addTC(predicted: [Technique], gold: [Technique]) {
            var remaining = gold
            tcTotal += gold.count
            for technique in predicted {
                perTechnique[technique, default: (0, 0, 0)].predicted += 1
                if let at = remaining.firstIndex(of: technique) {
                    remaining.remove(at: at)
                    tcCorrect += 1
                    perTechnique[technique, default: (0, 0, 0)].correct += 1
                }
            }
            for technique in gold { perTechnique[technique, default: (0, 0, 0)].gold += 1 }
        }

        public func table() -> String {
            func f(_ x: Double) -> String { String(format: "%.4f", x) }
            var lines = [
                "span identification (SI, partial-overlap credit)",
                "  precision \(f(siPrecision))  recall \(f(siRecall))  F1 \(f(siF1))  (\(predictedSpans) predicted, \(goldSpans) gold spans)",
                "technique classification (TC, gold spans given)",
                "  micro-F1 \(f(tcMicroF1))  (\(tcCorrect) of \(tcTotal) labels)",
                "  technique                            precision  recall      F1   gold",
            ]
            for technique in Technique.allCases {
                let c = perTechnique[technique] ?? (0, 0, 0)
                let p = c.predicted == 0 ? 0 : Double(c.correct) / Double(c.predicted)
                let r = c.gold == 0 ? 0 : Double(c.correct) / Double(c.gold)
                lines.append(
                    "  " + technique.rawValue.padding(toLength: 36, withPad: " ", startingAt: 0)
                        + String(format: "%9.4f %7.4f %7.4f %6d", p, r, Self.f1(p, r), c.gold))
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Cross-validation's output: the scores and predictions in the official formats.
    public struct CrossValidation: Sendable {
        public var scores: Scores
        /// "article_id<TAB>start<TAB>end" lines (task SI).
        public var siPredictions: [String]
        /// "article_id<TAB>technique<TAB>start<TAB>end" lines (task TC, on the gold spans).
        public var tcPredictions: [String]
        /// The token threshold chosen inside each fold.
        public var thresholds: [Float]
        /// Articles per second of the whole detection (tokens, sentences, spans, techniques,
        /// repetitions) on one core, timed on the held-out articles.
        public var articlesPerSecond: Double
    }

    /// k-fold cross-validation: articles are dealt to folds by their sorted position; each fold
    /// is scored by a detector trained on the other folds only. Inside each training part, a
    /// fifth of its articles chooses the span threshold (trained on the rest), so no held-out
    /// article influences any choice.
    public static func crossValidate(
        _ articles: [Article], folds k: Int, jobs: Int = Pipeline.defaultJobs, epochs: Int = 6,
        progress: @Sendable (String) -> Void = { _ in }
    ) throws -> CrossValidation {
        let prepared = articles.map(prepared)
        let results = try parallelMap(k, jobs: jobs) { fold -> (Scores, [String], [String], Float, Double) in
            let test = articles.indices.filter { $0 % k == fold }
            let train = articles.indices.filter { $0 % k != fold }
            let (detector, best) = PTC.train(train.map { articles[$0] }, prepared: train.map { prepared[$0] }, epochs: epochs)
            var scores = Scores()
            var si: [String] = [], tc: [String] = []
            for i in test {
                si += scoreSI(detector, articles[i], prepared[i].text, into: &scores)
                tc += scoreTC(detector, articles[i], prepared[i].text, into: &scores)
            }
            // Detection as analyze runs it, timed.
            let clock = Date()
            for i in test {
                _ = detector.detect(TechniqueText(text: articles[i].text, sentences: sentences(articles[i].text)))
            }
            let seconds = Date().timeIntervalSince(clock)
            progress("fold \(fold + 1)/\(k): \(best.description), SI F1 \(String(format: "%.4f", scores.siF1)), TC micro-F1 \(String(format: "%.4f", scores.tcMicroF1))")
            return (scores, si, tc, best.threshold, seconds)
        }
        var total = Scores()
        for (scores, _, _, _, _) in results {
            total.siPrecisionSum += scores.siPrecisionSum
            total.siRecallSum += scores.siRecallSum
            total.predictedSpans += scores.predictedSpans
            total.goldSpans += scores.goldSpans
            total.tcCorrect += scores.tcCorrect
            total.tcTotal += scores.tcTotal
            for (technique, counts) in scores.perTechnique {
                let old = total.perTechnique[technique] ?? (0, 0, 0)
                total.perTechnique[technique] = (old.gold + counts.gold, old.predicted + counts.predicted, old.correct + counts.correct)
            }
        }
        return CrossValidation(
            scores: total, siPredictions: results.flatMap(\.1), tcPredictions: results.flatMap(\.2),
            thresholds: results.map(\.3), articlesPerSecond: Double(articles.count) / max(results.reduce(0) { $0 + $1.4 }, 1e-9))
    }

    /// Spans the detector finds in one article (learned spans and repetitions), scored; returns
    /// the prediction lines.
    @discardableResult
    static func scoreSI(
        _ detector: TechniqueDetector, _ article: Article, _ text: TechniqueText, scored: [TechniqueDetector.Scored]? = nil,
        repeated: [TextRange]? = nil, into scores: inout Scores
    ) -> [String] {
        let offsets = ScalarOffsets(article.text)
        let found = detector.classifiedSpans(text, scored: scored).map(\.range) + (repeated ?? detector.repetitions.find(text).map(\.range))
        let predicted = Scores.merged(found.map { offsets.scalars($0) }.map { ($0.start, $0.end) })
        scores.addSI(predicted: predicted, gold: article.gold.map { ($0.start, $0.end) })
        return predicted.map { "\(article.id)\t\($0.0)\t\($0.1)" }
    }

    static func scoreTC(_ detector: TechniqueDetector, _ article: Article, _ text: TechniqueText, into scores: inout Scores)
        -> [String]
    {
        let offsets = ScalarOffsets(article.text)
        var bySpan: [Int: [Technique]] = [:]
        var order: [(Int, Int)] = []
        for g in article.gold {
            let key = g.start << 32 | g.end
            if bySpan[key] == nil { order.append((g.start, g.end)) }
            bySpan[key, default: []].append(g.technique)
        }
        var lines: [String] = []
        for (start, end) in order {
            let gold = bySpan[start << 32 | end]!
            let guesses = detector.classify(text, offsets.bytes(start: start, end: end), top: gold.count).map(\.technique)
            scores.addTC(predicted: guesses, gold: gold)
            for technique in guesses { lines.append("\(article.id)\t\(technique.rawValue)\t\(start)\t\(end)") }
        }
        return lines
    }
}
