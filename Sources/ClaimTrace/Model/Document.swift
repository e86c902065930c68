/// An article as read from its input: the text it owns and what is known about it.
///
/// Every annotation made later is a standoff range into ``text``. For `.txt` input the text is
/// the file's content exactly as decoded; `.md` and `.html` are rendered to clean text first.
public struct Document: Sendable, Hashable {
    /// A stable identifier: the input path relative to its root (or `file.jsonl#N`, or the
    /// JSONL record's own `id`).
    public var id: String
    /// Where the document came from: a file path, or `path:line` for a JSONL record.
    public var source: String
    public var format: SourceFormat
    /// The document's text. Only readers create it.
    public let text: String
    /// A hex digest (SHA-256) of the text, used to recognise a document that was already
    /// analysed; worked out once, with the text.
    public let contentHash: String
    public var metadata: DocumentMetadata
    /// Structure the reader saw in the markup (links, headings, page furniture).
    public var hints: ReaderHints
    /// Non-fatal problems met while reading (e.g. a Windows-1252 fallback).
    public var warnings: [String]

    public init(
        id: String, source: String, format: SourceFormat, text: String,
        metadata: DocumentMetadata = DocumentMetadata(), hints: ReaderHints = ReaderHints(),
        warnings: [String] = []
    ) {
        self.id = id
        self.source = source
        self.format = format
        self.text = text
        self.contentHash = ContentHash.hex(of: text)
        self.metadata = metadata
        self.hints = hints
        self.warnings = warnings
    }
}

/// The kind of input a document was read from.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case text = "txt"
    case markdown = "md"
    case html
    case jsonl
}

/// Bibliographic facts about a document, from markup where present, else from its text.
public struct DocumentMetadata: Sendable, Hashable, Codable {
    public var title: String?
    public var authors: [String]
    public var published: Day?
    /// The site that published the article: for a web page its `og:site_name`, JSON-LD
    /// publisher or `application-name`, else derived from the page's own `<title>`, else what
    /// the text names (a dateline, a copyright line), and last the host name of its canonical
    /// URL (derived, set by the pipeline).
    public var outlet: String?
    /// The page's canonical URL (`link rel=canonical`, resolved against the page's URL when
    /// relative; else `og:url`, else JSON-LD `url`).
    public var url: String?
    /// Where the article says it was first published ("originally published at X").
    public var originalSource: String?
    /// The author named in a sign-off line ("X is an independent author based in Kabul"),
    /// kept apart from the byline so that the two can be compared.
    public var signOffAuthor: String?
    /// When the page says the article was last changed (`article:modified_time`, JSON-LD
    /// `dateModified`, `<time class="updated">`); nil when it does not say.
    public var modified: Day?
    /// The page's language as a BCP 47 tag ("en-US", "de"), from `<html lang>`, `og:locale` or
    /// `content-language`; nil when the page does not declare one.
    public var language: String?

    public init(
        title: String? = nil, authors: [String] = [], published: Day? = nil, outlet: String? = nil,
        url: String? = nil, originalSource: String? = nil, signOffAuthor: String? = nil,
        modified: Day? = nil, language: String? = nil
    ) {
        self.title = title
        self.authors = authors
        self.published = published
        self.outlet = outlet
        self.url = url
        self.originalSource = originalSource
        self.signOffAuthor = signOffAuthor
        self.modified = modified
        self.language = language
    }

    /// Fills every field that is still empty from `other`; fields already set win.
    public func filling(from other: DocumentMetadata) -> DocumentMetadata {
        var merged = self
        merged.title = title ?? other.title
        merged.authors = authors.isEmpty ? other.authors : authors
        merged.published = published ?? other.published
        merged.outlet = outlet ?? other.outlet
        merged.url = url ?? other.url
        merged.originalSource = originalSource ?? other.originalSource
        merged.signOffAuthor = signOffAuthor ?? other.signOffAuthor
        merged.modified = modified ?? other.modified
        merged.language = language ?? other.language
        return merged
    }
}

/// What a reader learnt from markup, as byte ranges into the rendered text.
public struct ReaderHints: Sendable, Hashable, Codable {
    /// Text that was the content of a link.
    public var links: [TextRange]
    /// Headings (`<h1>`..`<h6>`, `# ...`).
    public var headings: [TextRange]
    /// Regions the markup itself marks as page furniture (`<nav>`, `<footer>`, a
    /// `class="share"` block, text outside `<article>`), with the kind they suggest.
    public var furniture: [ExcludedRegion]
    /// Offsets where the markup had a horizontal rule or similar section break.
    public var sectionBreaks: [Int]

    public init(
        links: [TextRange] = [], headings: [TextRange] = [], furniture: [ExcludedRegion] = [],
        sectionBreaks: [Int] = []
    ) {
        self.links = links
        self.headings = headings
        self.furniture = furniture
        self.sectionBreaks = sectionBreaks
    }
}
