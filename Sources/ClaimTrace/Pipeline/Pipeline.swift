import Foundation

/// The per-document analysis, stage by stage, and the corpus analysis over its results.
///
/// 1. paragraphs  2. boilerplate  3. metadata  4. sentences  5. dates  6. mentions  7. attributions
/// 8. entities (within the document; ``EntityResolver`` merges them across the corpus)
/// 9. the author's own check-worthy assertions  10. quantities  11. propaganda techniques
/// 12. every span on whole characters  13. findings within the document  14. fingerprint
/// 15. claim candidates.
/// Corpus stages: ``EntityResolver``, ``ConsistencyChecker/corpusFindings(_:)``,
/// ``NearDuplicateFinder``.
///
/// Every stage is linear in the text (or bounded by a documented cap: a sentence's length,
/// statements per sentence, attributes per element); `claimtrace bench hostile` checks it on
/// inputs shaped to defeat that.
public struct Pipeline: Sendable {
    public let paragraphs: ParagraphSplitter
    public let boilerplate: BoilerplateDetector
    public let metadata: MetadataExtractor
    public let sentences: SentenceSplitter
    public let mentions: MentionExtractor
    public let attributions: AttributionExtractor
    public let entities: EntityLinker
    public let assertions: AssertionDetector
    public let quantities: QuantityExtractor
    public let consistency: ConsistencyChecker
    /// Nil when the shipped technique models are missing (the layer is then left out).
    public let techniques: TechniqueDetector?
    /// Finds each document's claim candidates; the corpus stage links them.
    public let claims: ClaimClusterer

    /// Threads to use by default: one per active core.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }

    public init(lexicon: Lexicon = .shared) {
        paragraphs = ParagraphSplitter()
        boilerplate = BoilerplateDetector(lexicon: lexicon)
        metadata = MetadataExtractor()
        sentences = SentenceSplitter(lexicon: lexicon)
        mentions = MentionExtractor()
        attributions = AttributionExtractor(lexicon: lexicon)
        entities = EntityLinker()
        assertions = AssertionDetector()
        quantities = QuantityExtractor(lexicon: lexicon)
        consistency = ConsistencyChecker()
        techniques = TechniqueDetector.shared
        claims = ClaimClusterer()
    }

    /// Analyses one document. Pure: the same document gives the same result.
    public func analyze(_ document: Document) throws -> AnalyzedDocument {
        // 1. Paragraphs.
        let paragraphs = self.paragraphs.split(document.text)
        let blocks = ParagraphBlocks(document.text, paragraphs: paragraphs, hints: document.hints)
        // 2. Site furniture.
        let excluded = boilerplate.detect(document.text, paragraphs: paragraphs, blocks: blocks, hints: document.hints)
        // 3. Metadata: markup first, then what the text itself states.
        let found = metadata.extract(
            document.text, paragraphs: paragraphs, excluded: excluded, hints: document.hints, blocks: blocks)
        var combined = document.metadata.filling(from: found)
        if combined.outlet == nil, document.format == .html { combined.outlet = MetadataCollector.host(of: combined.url) }
        // 4. Sentences of the article text.
        let sentences = try self.sentences.split(document.text, paragraphs: paragraphs, excluded: excluded)
        // 5. Written dates in the article text and its dateline (not in other furniture): the
        // dateline's weekday is the article's own statement of its day.
        let dates = DateExpressions.find(in: document.text).filter { date in
            !excluded.contains { $0.kind != .byline && $0.range.overlaps(date.range) }
        }
        // 6. Names and roles.
        let mentions = self.mentions.extract(document.text, sentences: sentences)
        // 7. Who said what.
        let attributions = self.attributions.extract(
            document.text, sentences: sentences, paragraphs: paragraphs, published: combined.published)
        // 8. Who the names, pronouns and roles refer to.
        let entities = self.entities.link(document.text, mentions: mentions, attributions: attributions)
        // 9. What the author asserts with no source.
        let assertions = self.assertions.detect(
            document.text, sentences: sentences, attributions: attributions, mentions: mentions, dates: dates)
        // 10. Numbers and what they count.
        let quantities = self.quantities.extract(document.text, sentences: sentences)
        var analyzed = AnalyzedDocument(
            document: document, metadata: combined, paragraphs: paragraphs, excluded: excluded, sentences: sentences,
            dates: dates, mentions: mentions, attributions: attributions, entities: entities, assertions: assertions,
            quantities: quantities)
        // 11. How it argues: propaganda techniques in the article's sentences.
        if let techniques {
            analyzed.techniques = techniques.detect(TechniqueText(text: document.text, sentences: sentences))
        }
        // 12. Every span on whole characters: none ends inside 👩‍👩‍👧, 🇫🇷 or an accented letter.
        analyzed.keepWholeCharacters()
        // 13. Inconsistencies within the document.
        analyzed.findings = consistency.documentFindings(analyzed)
        // 14. A fingerprint of the article text, for finding copies across the corpus.
        analyzed.fingerprint = Fingerprint(text: document.text, excluded: analyzed.excluded)
        // 15. Its statements and assertions as claims, with the features that link them across
        // the corpus (stored with the rest, so that a later run need not work them out again).
        analyzed.claimCandidates = claims.candidates(analyzed)
        return analyzed
    }

    /// Analyses documents concurrently on `jobs` threads, keeping their order.
    public func analyze(_ documents: [Document], jobs: Int = Pipeline.defaultJobs) throws
        -> [AnalyzedDocument]
    {
        try parallelMap(documents.count, jobs: jobs) { try analyze(documents[$0]) }
    }
}

/// Runs `body` for indices 0..<count on `jobs` threads and returns the results in order.
public func parallelMap<T>(_ count: Int, jobs: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let workers = max(1, min(jobs, count))
    if workers == 1 { return try (0..<count).map(body) }
    let results = ConcurrentResults<Result<T, any Error>>(count: count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var i = worker
        while i < count {
            results.set(i, Result { try body(i) })
            i += workers
        }
    }
    return try results.values.map { try $0.get() }
}

/// Slots written once each by concurrent workers.
final class ConcurrentResults<T>: @unchecked Sendable {
    // Safe: every index is written by exactly one worker, and `values` is read only after
    // `concurrentPerform` has returned, which orders those writes before the read.
    private var storage: [T?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        storage.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    var values: [T] { storage.map { $0! } }
}
