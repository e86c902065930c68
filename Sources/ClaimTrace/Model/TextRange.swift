/// A half-open range of UTF-8 byte offsets into a document's text.
///
/// Internally every span is counted in UTF-8 bytes, which is what the scanners and ICU's UTF-8
/// text work in; the JSON output converts to Unicode scalar offsets (see ``ScalarOffsets``).
public struct TextRange: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        precondition(start <= end, "TextRange start \(start) after end \(end)")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
    public func contains(_ other: TextRange) -> Bool { other.start >= start && other.end <= end }
    public func overlaps(_ other: TextRange) -> Bool { start < other.end && other.start < end }

    public static func < (a: TextRange, b: TextRange) -> Bool {
        a.start != b.start ? a.start < b.start : a.end < b.end
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A region of a document that is site furniture, not article text.
public struct ExcludedRegion: Sendable, Hashable, Codable {
    public var range: TextRange
    public var kind: BoilerplateKind

    public init(_ range: TextRange, _ kind: BoilerplateKind) {
        self.range = range
        self.kind = kind
    }
}

/// What kind of site furniture an excluded region is.
public enum BoilerplateKind: String, Sendable, Codable, CaseIterable {
    case disclaimer
    case copyright
    /// Membership, donation, newsletter and comment prompts.
    case prompt
    case share
    case breadcrumb
    /// "About admin", "Articles by: X", author biographies at the end of an article.
    case authorBox = "author-box"
    /// "Check Also", "Related:", "Read more" teasers.
    case related
    /// Book and product adverts.
    case advert
    case imageCredit = "image-credit"
    /// "Region: ...", "Theme: ...", "Tags: ..." lines.
    case taxonomy
    /// Byline and dateline lines ("By X", "Outlet, February 10, 2018").
    case byline
    /// Republication notes and source trailers ("The original source of this article is X").
    case sourceNote = "source-note"
    /// Menus, link lists and markup-declared navigation.
    case navigation
    /// Horizontal rules and separator lines.
    case separator
    /// Readers' comments (kept in the text, not excluded, with `--include-comments`).
    case comments
    /// A page's footer (`<footer>` outside the article, `role="contentinfo"`, `class="footer"`).
    case footer
    /// Cookie and consent notices.
    case consent
    /// Forms (search, login, newsletter sign-up): their labels and text.
    case form
}
