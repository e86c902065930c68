public import ClaimTrace

/// Writes an analysis as `claimtrace/1` JSON (see `schema/claimtrace-1.schema.json`).
///
/// Offsets are Unicode scalar offsets into each document's `text`, end exclusive. Layers that
/// no stage has produced yet are left out, and `stages` lists the layers that were computed, so
/// an absent layer never reads as "none found".
public struct JSONReport: Sendable {
    /// Layers this build computes for every document.
    public static var stages: [String] {
        ["paragraphs", "excluded", "metadata", "sentences", "dates"] + (TaggingModel.mentions != nil ? ["mentions"] : [])
            + ["attributions", "entities", "assertions", "quantities", "findings", "duplicates", "claims"]
            + (TechniqueDetector.shared != nil ? ["techniques"] : [])
    }

    public init() {}

    /// Writes a whole report through `sink`, piece by piece.
    public func write(
        documents: [AnalyzedDocument], rejected: [ReadIssue], to sink: (inout [UInt8]) throws -> Void
    ) rethrows {
        var stream = Stream()
        var chunk = stream.header()
        try sink(&chunk)
        for document in documents {
            chunk = stream.document(document)
            try sink(&chunk)
        }
        chunk = stream.footer(rejected: rejected, corpus: CorpusAccumulator.analyze(documents))
        try sink(&chunk)
    }

    /// The report in pieces, for callers that get documents over time: `header()`, then
    /// `document(_:)` for each, then `footer(rejected:)`. Concatenated, the pieces are one
    /// JSON object, and a large corpus never sits in memory as one buffer.
    public struct Stream: Sendable {
        // One writer throughout: its comma state carries across the pieces.
        private var w = JSONWriter()

        public init() {}

        public mutating func header() -> [UInt8] {
            w.beginObject()
            w.field("schema", ClaimTraceVersion.schema)
            w.key("generator")
            w.beginObject()
            w.field("name", "claimtrace")
            w.field("version", ClaimTraceVersion.tool)
            w.field("pipeline", ClaimTraceVersion.pipeline)
            w.endObject()
            w.field("stages", strings: JSONReport.stages)
            w.key("documents")
            w.beginArray()
            w.newline()
            return w.take()
        }

        public mutating func document(_ document: AnalyzedDocument) -> [UInt8] {
            JSONReport.writeDocument(document, into: &w)
            w.newline()
            return w.take()
        }

        /// Several documents, each written on one of `jobs` threads: the same bytes as
        /// ``document(_:)`` for each in turn.
        public mutating func documents(_ batch: [AnalyzedDocument], jobs: Int) -> [UInt8] {
            // Safe to force: the closure throws nothing.
            let pieces = try! parallelMap(batch.count, jobs: jobs) { k -> [UInt8] in
                var own = JSONWriter(reserving: 16_384)
                JSONReport.writeDocument(batch[k], into: &own)
                return own.take()
            }
            for piece in pieces {
                w.written(piece)
                w.newline()
            }
            return w.take()
        }

        /// The corpus sections and the end of the report, in one piece.
        public mutating func footer(rejected: [ReadIssue], corpus: some CorpusOutput) -> [UInt8] {
            var out: [UInt8] = []
            // Safe to force: neither the records nor `write` throw.
            try! footer(rejected: rejected, corpus: corpus) { out += $0 }
            return out
        }

        /// The corpus sections and the end of the report, handed to `write` in pieces of about
        /// `pieceSize` bytes as the records are written out, so that a large corpus's claims
        /// and copies never sit in memory as one buffer.
        public mutating func footer(
            rejected: [ReadIssue], corpus: some CorpusOutput, pieceSize: Int = 1 << 20, write: ([UInt8]) throws -> Void
        ) throws {
            try footer(rejected: rejected, sections: .computed(corpus), pieceSize: pieceSize, write: write)
        }

        /// The same, from the corpus sections' records as they come (worked out now, or as an
        /// earlier run stored them).
        public mutating func footer(
            rejected: [ReadIssue], sections: CorpusSections, pieceSize: Int = 1 << 20, write: ([UInt8]) throws -> Void
        ) throws {
            w.endArray()
            for (name, each) in [
                // Corpus entities: each lists the document entities ("doc#e3") it merges, and why.
                ("entities", sections.entities),
                // Claims told by several documents, with provenance and timeline.
                ("claims", sections.claims),
                // Copies: near-duplicates and republications.
                ("duplicates", sections.duplicates),
                // Findings: inconsistencies, each pointing at the exact text (code points).
                ("findings", sections.findings),
            ] {
                w.newline()
                w.key(name)
                w.beginArray()
                try each { record in
                    w.newline()
                    w.written(record)
                    if w.bytes.count >= pieceSize { try write(w.take()) }
                }
                w.endArray()
            }
            // Techniques per outlet: outlet → technique → passages.
            if TechniqueDetector.shared != nil {
                w.newline()
                w.key("techniqueProfiles")
                w.beginObject()
                for (outlet, counts) in sections.techniqueProfiles.sorted(by: { $0.key < $1.key }) {
                    w.key(outlet)
                    JSONReport.writeCounts(counts, into: &w)
                }
                w.endObject()
            }
            w.key("rejected")
            w.beginArray()
            for issue in rejected {
                w.beginObject()
                w.field("location", issue.location)
                w.field("reason", issue.reason)
                w.endObject()
            }
            w.endArray()
            w.endObject()
            w.newline()
            try write(w.take())
        }
    }

    /// The corpus sections of a report, record by record, each record's JSON as the report
    /// writes it: worked out from a ``CorpusOutput``, or read back from the store, where a run
    /// keeps the same records (``json(_:)-swift.type.method``, ``json(entity:members:)``).
    public struct CorpusSections {
        /// Hands each record of a section to the function it is given, in order.
        public typealias Records = (_ each: ([UInt8]) throws -> Void) throws -> Void
        public var entities: Records
        public var claims: Records
        public var duplicates: Records
        public var findings: Records
        /// Outlet → technique → passages.
        public var techniqueProfiles: [String: [String: Int]]

        public init(
            entities: @escaping Records, claims: @escaping Records, duplicates: @escaping Records, findings: @escaping Records,
            techniqueProfiles: [String: [String: Int]]
        ) {
            self.entities = entities
            self.claims = claims
            self.duplicates = duplicates
            self.findings = findings
            self.techniqueProfiles = techniqueProfiles
        }

        /// The sections of what the corpus stages found.
        public static func computed(_ corpus: some CorpusOutput) -> CorpusSections {
            CorpusSections(
                entities: { each in
                    try corpus.forEachEntity { entity, members in try each(JSONReport.bytes { JSONReport.writeEntity(entity, members, into: &$0) }) }
                },
                claims: { each in try corpus.forEachClaim { claim in try each(JSONReport.bytes { JSONReport.writeClaim(claim, into: &$0) }) } },
                duplicates: { each in try corpus.forEachDuplicate { pair in try each(JSONReport.bytes { JSONReport.writeDuplicate(pair, into: &$0) }) } },
                findings: { each in for finding in corpus.findings { try each(JSONReport.bytes { JSONReport.writeFinding(finding, into: &$0) }) } },
                techniqueProfiles: corpus.techniqueProfiles)
        }
    }

    /// What a writer of its own writes.
    static func bytes(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter(reserving: 1024)
        body(&w)
        return w.take()
    }

    /// A corpus entity, with the document entities ("doc#e3") it merges and why.
    static func writeEntity(_ entity: CorpusEntity, _ members: [String], into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", entity.id)
        w.field("name", entity.name)
        w.field("type", entity.type.rawValue)
        w.field("aliases", strings: entity.aliases)
        w.field("roles", strings: entity.roles)
        w.field("documents", strings: entity.documents)
        w.field("country", entity.country)
        w.field("members", strings: members)
        w.field("merges", strings: entity.merges)
        w.endObject()
    }

    /// A pair of copies, its measures rounded to three places.
    static func writeDuplicate(_ pair: DuplicatePair, into w: inout JSONWriter) {
        w.beginObject()
        w.field("a", pair.a)
        w.field("b", pair.b)
        w.key("similarity")
        w.double((pair.similarity * 1000).rounded() / 1000)
        w.key("containment")
        w.double((pair.containment * 1000).rounded() / 1000)
        w.field("kind", pair.kind.rawValue)
        w.field("original", pair.original)
        w.field("evidence", pair.evidence)
        w.endObject()
    }

    /// One corpus entity as its JSON object (for storing).
    public static func json(entity: CorpusEntity, members: [String]) -> String {
        String(decoding: bytes { writeEntity(entity, members, into: &$0) }, as: UTF8.self)
    }

    /// One pair of copies as its JSON object.
    public static func json(_ pair: DuplicatePair) -> String {
        String(decoding: bytes { writeDuplicate(pair, into: &$0) }, as: UTF8.self)
    }

    /// One document as a JSON object.
    static func writeDocument(_ a: AnalyzedDocument, into w: inout JSONWriter) {
        let offsets = ScalarOffsets(a.text)
        func span(_ range: TextRange) {
            let (s, e) = offsets.scalars(range)
            w.field("start", s)
            w.field("end", e)
        }
        let meta = a.metadata
        w.beginObject()
        w.field("id", a.id)
        w.field("source", a.document.source)
        w.field("format", a.document.format.rawValue)
        w.field("title", meta.title)
        w.field("authors", strings: meta.authors)
        w.field("published", meta.published?.description)
        w.field("modified", meta.modified?.description)
        w.field("language", meta.language)
        w.field("outlet", meta.outlet)
        w.field("url", meta.url)
        w.field("originalSource", meta.originalSource)
        w.field("signOffAuthor", meta.signOffAuthor)
        w.field("contentHash", a.document.contentHash)
        w.field("warnings", strings: a.document.warnings)
        w.field("text", a.text)
        w.key("excluded")
        w.beginArray()
        for region in a.excluded {
            w.beginObject()
            span(region.range)
            w.field("kind", region.kind.rawValue)
            w.endObject()
        }
        w.endArray()
        w.key("paragraphs")
        w.beginArray()
        for p in a.paragraphs {
            w.beginObject()
            span(p)
            w.endObject()
        }
        w.endArray()
        w.key("sentences")
        w.beginArray()
        for s in a.sentences {
            w.beginObject()
            span(s)
            w.endObject()
        }
        w.endArray()
        w.key("dates")
        w.beginArray()
        for date in a.dates {
            w.beginObject()
            span(date.range)
            w.field("text", a.substring(date.range))
            w.field("date", date.day?.description)
            w.field("year", date.year)
            w.field("month", date.month)
            w.field("day", date.dayOfMonth)
            w.field("weekday", date.statedWeekday.map { Self.weekdayNames[$0 - 1] })
            w.endObject()
        }
        w.endArray()
        if TaggingModel.mentions != nil {
            w.key("mentions")
            w.beginArray()
            for (index, mention) in a.mentions.enumerated() {
                w.beginObject()
                w.field("id", "m\(index + 1)")
                span(mention.range)
                w.field("text", a.substring(mention.range))
                w.field("type", mention.type.rawValue)
                w.field("entity", a.entities.mentionEntity[safe: index].flatMap { $0 }.map(a.entityId))
                w.field("canonical", mention.canonical)
                w.key("role")
                if let role = mention.role {
                    w.beginObject()
                    span(role)
                    w.field("text", a.substring(role))
                    w.endObject()
                } else {
                    w.string(nil)
                }
                w.endObject()
            }
            w.endArray()
        }
        w.key("attributions")
        w.beginArray()
        for (index, attribution) in a.attributions.enumerated() {
            func part(_ name: String, _ range: TextRange?) {
                w.key(name)
                guard let range else {
                    w.string(nil)
                    return
                }
                w.beginObject()
                span(range)
                w.field("text", a.substring(range))
                w.endObject()
            }
            w.beginObject()
            w.field("id", "a\(index + 1)")
            w.field("sourceKind", attribution.sourceKind.rawValue)
            part("source", attribution.source)
            part("antecedent", attribution.antecedent)
            w.field("entity", a.entities.attributionEntity[safe: index].flatMap { $0 }.map(a.entityId))
            w.field("role", a.entities.attributionRole[safe: index].flatMap { $0 })
            part("cue", attribution.cue)
            part("content", attribution.content)
            w.key("direct")
            w.bool(attribution.direct)
            w.key("learnedCue")
            w.bool(attribution.learnedCue)
            part("venue", attribution.venue)
            w.field("date", attribution.date?.description)
            w.key("dateText")
            if let date = attribution.date { w.string(a.substring(date.range)) } else { w.string(nil) }
            w.endObject()
        }
        w.endArray()
        w.key("quantities")
        w.beginArray()
        for q in a.quantities {
            w.beginObject()
            span(q.range)
            w.field("text", a.substring(q.range))
            w.key("value")
            w.double(q.value)
            w.key("high")
            w.double(q.high)
            w.field("qualifier", q.qualifier.rawValue)
            w.field("subject", q.subject)
            w.endObject()
        }
        w.endArray()
        // Propaganda techniques: span, technique, score and the cue that fired; then the
        // document's profile (technique → passages).
        if TechniqueDetector.shared != nil {
            w.key("techniques")
            w.beginArray()
            for t in a.techniques {
                w.beginObject()
                span(t.range)
                w.field("text", a.substring(t.range))
                w.field("technique", t.technique.rawValue)
                w.key("score")
                w.double((Double(t.score) * 1000).rounded() / 1000)
                w.field("cue", t.cue)
                w.endObject()
            }
            w.endArray()
            w.key("techniqueProfile")
            writeCounts(Dictionary(a.techniques.map { ($0.technique.rawValue, 1) }, uniquingKeysWith: +), into: &w)
        }
        // The author's own check-worthy claims (sourceKind "unattributed", no source).
        w.key("assertions")
        w.beginArray()
        for assertion in a.assertions {
            w.beginObject()
            span(assertion.range)
            w.field("text", a.substring(assertion.range))
            w.field("sourceKind", "unattributed")
            w.field("reasons", strings: assertion.reasons)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// A name → count object, names sorted.
    static func writeCounts(_ counts: [String: Int], into w: inout JSONWriter) {
        w.beginObject()
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) { w.field(name, count) }
        w.endObject()
    }

    /// One claim as its JSON object (for storing).
    public static func json(_ claim: ClaimCluster) -> String {
        var w = JSONWriter()
        writeClaim(claim, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// One finding as its JSON object (for storing).
    public static func json(_ finding: Finding) -> String {
        var w = JSONWriter()
        writeFinding(finding, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func writeReference(_ r: SpanReference, into w: inout JSONWriter) {
        w.field("document", r.document)
        w.field("start", r.start)
        w.field("end", r.end)
        w.field("text", r.text)
    }

    static func writeFinding(_ finding: Finding, into w: inout JSONWriter) {
        w.beginObject()
        w.field("kind", finding.kind.rawValue)
        w.field("message", finding.message)
        writeReference(finding.at, into: &w)
        w.key("related")
        w.beginArray()
        for r in finding.related {
            w.beginObject()
            writeReference(r, into: &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func writeClaim(_ claim: ClaimCluster, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", claim.id)
        w.field("label", claim.label)
        w.key("members")
        w.beginArray()
        for m in claim.members {
            w.beginObject()
            writeReference(m.at, into: &w)
            w.field("attribution", m.attribution)
            w.field("sourceKind", m.sourceKind.rawValue)
            w.field("speaker", m.speaker)
            w.field("entity", m.entity)
            w.field("date", m.date)
            w.field("copyOf", m.copyOf)
            w.endObject()
        }
        w.endArray()
        w.field("documents", strings: claim.documents)
        w.field("outlets", strings: claim.outlets)
        w.key("sources")
        w.beginArray()
        for source in claim.sources {
            w.beginObject()
            w.field("entity", source.entity)
            w.field("text", source.text)
            w.field("sourceKind", source.sourceKind.rawValue)
            w.field("country", source.country)
            w.field("voice", source.voice)
            w.endObject()
        }
        w.endArray()
        w.field("independentSources", claim.independentSources)
        w.field("firstSeen", claim.firstSeen)
        w.field("flags", strings: claim.flags)
        w.key("timeline")
        w.beginArray()
        for event in claim.timeline {
            w.beginObject()
            w.field("date", event.date)
            w.field("kind", event.kind.rawValue)
            w.field("document", event.document)
            w.field("text", event.text)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

