/// A mechanical inconsistency, pointing at the exact text (code-point offsets, as in JSON).
public struct Finding: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The same quantity about the same subject differs.
        case quantityConflict = "quantity-conflict"
        /// A weekday that does not match its date.
        case weekdayMismatch = "weekday-mismatch"
        /// Byline and sign-off name different authors.
        case bylineMismatch = "byline-mismatch"
        /// A statement dated after the article's publication.
        case dateAfterPublication = "date-after-publication"
        /// A figure given by a named source in one place and by a vague or anonymous one in another.
        case reattribution = "re-attribution"
    }

    public var kind: Kind
    public var message: String
    public var at: SpanReference
    public var related: [SpanReference]

    public init(kind: Kind, message: String, at: SpanReference, related: [SpanReference]) {
        self.kind = kind
        self.message = message
        self.at = at
        self.related = related
    }
}

/// A span of some document, in code points, with its text.
public struct SpanReference: Sendable, Hashable {
    public var document: String
    public var start: Int
    public var end: Int
    public var text: String

    public init(document: String, start: Int, end: Int, text: String) {
        self.document = document
        self.start = start
        self.end = end
        self.text = text
    }

    /// A reference to a byte range of an analysed document.
    public init(_ document: AnalyzedDocument, _ range: TextRange, offsets: ScalarOffsets) {
        let (s, e) = offsets.scalars(range)
        self.init(document: document.id, start: s, end: e, text: document.substring(range))
    }
}

/// A quantity as the corpus stage needs it: where, how much, of what, about what, said by whom
/// and when. Kept across batches instead of whole documents.
public struct QuantityStatement: Sendable, Hashable {
    public var at: SpanReference
    public var quantity: Quantity
    /// Names of the groups, places and organisations in the same sentence (canonical where known).
    public var context: Set<String>
    /// Who gives the figure: the attribution's source (its entity name when resolved), or nil
    /// when the author asserts it.
    public var speaker: String?
    public var sourceKind: SourceKind
    /// When: the statement's date, else the article's publication date.
    public var date: String?
}
