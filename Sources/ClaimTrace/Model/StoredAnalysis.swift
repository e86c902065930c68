import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A document's analysis in the form the store keeps, so that a later run can take it instead
/// of analysing the document again, and the corpus stages can run over stored documents.
///
/// What is stored is every layer of ``AnalyzedDocument`` in compact form, and beside it, as JSON,
/// what the reader gave besides the text (its metadata and markup hints); the text, id, source,
/// format and warnings are the document row's. A stored analysis is reused only under the same ``key(of:)``: the same text,
/// format, metadata and hints, analysed by the same build (``ClaimTraceVersion/analysis``).
public enum StoredAnalysis {
    /// What decides whether a stored analysis still holds for a document: a SHA-256 over the
    /// build that analyses, the format, the reader's metadata and hints, and the text's own
    /// digest.
    /// - Complexity: O(size of the metadata and hints); the text's digest is the document's.
    public static func key(of document: Document) -> String {
        var bytes = Array(ClaimTraceVersion.analysis.utf8) + [0] + Array(document.format.rawValue.utf8) + [0]
        bytes += (try? CompactCoder.encode(document.metadata)) ?? []
        bytes += (try? CompactCoder.encode(document.hints)) ?? []
        bytes += document.contentHash.utf8
        return bytes.withUnsafeBufferPointer { ContentHash.hex(of: $0) }
    }

    /// The layers of an analysis, in bytes.
    public static func encode(_ analyzed: AnalyzedDocument) throws -> [UInt8] {
        try CompactCoder.encode(Layers(analyzed))
    }

    /// The analysis of `document` from the bytes ``encode(_:)`` wrote for it. Call it only when
    /// the stored key is `key(of: document)`: the bytes are read by the build that wrote them.
    public static func decode(_ bytes: [UInt8], document: Document) throws -> AnalyzedDocument {
        try CompactCoder.decode(Layers.self, from: bytes).analysis(of: document)
    }

    /// What the reader gave besides the text (metadata and markup hints), as JSON: kept apart
    /// from the layers, in a form any later build reads, so that a document can be analysed
    /// again from the store alone.
    public static func readerJSON(_ document: Document) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try? encoder.encode(ReaderPart(metadata: document.metadata, hints: document.hints))
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The document as the reader made it, from the store's row and ``readerJSON(_:)`` (empty
    /// metadata and hints when that no longer reads).
    public static func document(
        id: String, source: String, format: SourceFormat, text: String, warnings: [String], readerJSON: String
    ) -> Document {
        let part = try? JSONDecoder().decode(ReaderPart.self, from: Data(readerJSON.utf8))
        return Document(
            id: id, source: source, format: format, text: text, metadata: part?.metadata ?? DocumentMetadata(),
            hints: part?.hints ?? ReaderHints(), warnings: warnings)
    }

    private struct ReaderPart: Codable {
        var metadata: DocumentMetadata
        var hints: ReaderHints
    }

    /// Every field of ``AnalyzedDocument`` but the document. (A test checks that a stored
    /// analysis reads back equal to the one written, so a field added to ``AnalyzedDocument``
    /// and not here fails it.)
    private struct Layers: Codable {
        var metadata: DocumentMetadata
        var paragraphs: [TextRange]
        var excluded: [ExcludedRegion]
        var sentences: [TextRange]
        var dates: [DateExpression]
        var mentions: [Mention]
        var attributions: [Attribution]
        var entities: DocumentEntities
        var assertions: [Assertion]
        var quantities: [Quantity]
        var findings: [Finding]
        var techniques: [TechniqueSpan]
        var fingerprint: Fingerprint
        var claimCandidates: [ClaimCandidate]

        init(_ a: AnalyzedDocument) {
            metadata = a.metadata
            paragraphs = a.paragraphs
            excluded = a.excluded
            sentences = a.sentences
            dates = a.dates
            mentions = a.mentions
            attributions = a.attributions
            entities = a.entities
            assertions = a.assertions
            quantities = a.quantities
            findings = a.findings
            techniques = a.techniques
            fingerprint = a.fingerprint
            claimCandidates = a.claimCandidates
        }

        func analysis(of document: Document) -> AnalyzedDocument {
            var a = AnalyzedDocument(
                document: document, metadata: metadata, paragraphs: paragraphs, excluded: excluded, sentences: sentences,
                dates: dates, mentions: mentions, attributions: attributions, entities: entities, assertions: assertions,
                quantities: quantities, findings: findings)
            a.techniques = techniques
            a.fingerprint = fingerprint
            a.claimCandidates = claimCandidates
            return a
        }
    }
}

extension ClaimTraceVersion {
    /// The build that analyses: the pipeline version, plus the size and modification time of the
    /// running program and of each resource (models, lexicons). Any rebuild or retrained model
    /// changes it, so an analysis stored by one build is never reused by another, even when the
    /// pipeline version was not bumped.
    public static let analysis: String = {
        var parts = ["pipeline \(pipeline)"]
        func stamp(_ path: String) -> String? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        parts.append("program " + (stamp("/proc/self/exe") ?? CommandLine.arguments.first.flatMap(stamp) ?? "unknown"))
        if let folder = Bundle.module.resourcePath,
            let names = try? FileManager.default.subpathsOfDirectory(atPath: folder)
        {
            for name in names.sorted() { parts.append(name + " " + (stamp(folder + "/" + name) ?? "-")) }
        }
        return parts.joined(separator: "; ")
    }()
}
