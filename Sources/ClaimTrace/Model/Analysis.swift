/// A document after the per-document stages: its annotations, all standoff.
public struct AnalyzedDocument: Sendable, Equatable {
    public var document: Document
    /// Metadata after markup and text evidence were combined.
    public var metadata: DocumentMetadata
    public var paragraphs: [TextRange]
    /// Site furniture, sorted and non-overlapping.
    public var excluded: [ExcludedRegion]
    /// Sentences of the article text: never across a paragraph break or an excluded region.
    public var sentences: [TextRange]
    /// Calendar dates written in the article text.
    public var dates: [DateExpression]
    /// Names of people, organisations, places, groups and media in the article text.
    public var mentions: [Mention]
    /// Reported statements: source, cue, content.
    public var attributions: [Attribution]
    /// Who the mentions and attribution sources refer to, within this document.
    public var entities: DocumentEntities
    /// Check-worthy sentences the author asserts with no source.
    public var assertions: [Assertion]
    /// Numbers with what they count.
    public var quantities: [Quantity]
    /// Inconsistencies within this document (weekday, byline, dates).
    public var findings: [Finding]
    /// Passages using propaganda techniques, sorted by start.
    public var techniques: [TechniqueSpan] = []
    /// The MinHash fingerprint used to find copies of it.
    public var fingerprint: Fingerprint = Fingerprint(text: "", excluded: [])
    /// Its statements and check-worthy assertions as claims, with the features that link them
    /// to the same claim in other documents.
    public var claimCandidates: [ClaimCandidate] = []

    public init(
        document: Document, metadata: DocumentMetadata, paragraphs: [TextRange],
        excluded: [ExcludedRegion], sentences: [TextRange], dates: [DateExpression] = [], mentions: [Mention] = [],
        attributions: [Attribution] = [], entities: DocumentEntities = .empty, assertions: [Assertion] = [],
        quantities: [Quantity] = [], findings: [Finding] = []
    ) {
        self.document = document
        self.metadata = metadata
        self.paragraphs = paragraphs
        self.excluded = excluded
        self.sentences = sentences
        self.dates = dates
        self.mentions = mentions
        self.attributions = attributions
        self.entities = entities
        self.assertions = assertions
        self.quantities = quantities
        self.findings = findings
    }

    /// The document-scoped id of an entity of this document ("doc.txt#e3").
    public func entityId(_ index: Int) -> String { "\(document.id)#e\(index + 1)" }

    public var id: String { document.id }
    public var text: String { document.text }

    /// The text of a range (derived from offsets, never stored).
    public func substring(_ range: TextRange) -> String { document.text.utf8Slice(range) }
}

/// Versions that travel with the output.
public enum ClaimTraceVersion {
    /// The tool's version.
    public static let tool = "0.1.0"
    /// Bumped whenever a stage's output changes, so stored results are recomputed.
    public static let pipeline = "7"
    /// The JSON output schema.
    public static let schema = "claimtrace/1"
}

/// The result of analysing a corpus: one value that renderers and the store read.
public struct Analysis: Sendable {
    public var documents: [AnalyzedDocument]
    /// Inputs that could not be read, one line each.
    public var rejected: [ReadIssue]

    public init(documents: [AnalyzedDocument], rejected: [ReadIssue] = []) {
        self.documents = documents
        self.rejected = rejected
    }
}

extension String {
    /// The substring at a UTF-8 byte range, with ragged ends rounded to scalar boundaries.
    public func utf8Slice(_ range: TextRange) -> String {
        let u = utf8
        let lo = u.index(u.startIndex, offsetBy: min(range.start, u.count))
        let hi = u.index(u.startIndex, offsetBy: min(range.end, u.count))
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
