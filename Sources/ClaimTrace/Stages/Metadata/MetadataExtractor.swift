import Foundation

/// Reads bibliographic metadata from an article's own text, for what markup did not give:
/// title, byline, date, outlet, republication note and sign-off author.
public struct MetadataExtractor: Sendable {
    public init() {}

    /// Metadata found in the text. Fields the text does not state are nil or empty.
    /// - Complexity: O(n) in the length of the first and last blocks it looks at.
    public func extract(
        _ text: String, paragraphs: [TextRange], excluded: [ExcludedRegion], hints: ReaderHints
    ) -> DocumentMetadata {
        var copy = text
        return copy.withUTF8 { b in
            var meta = DocumentMetadata()
            let blocks = paragraphs.map { BlockText(b, $0, linkHints: hints.links) }
            // Whole paragraphs that are furniture (a paragraph with only its dateline excluded is text).
            var furnitureStarts = Set<Int>()
            var r = 0
            for p in paragraphs {
                while r < excluded.count, excluded[r].range.end < p.end { r += 1 }
                if r < excluded.count, excluded[r].range.contains(p) { furnitureStarts.insert(p.start) }
            }
            func isExcluded(_ i: Int) -> Bool { furnitureStarts.contains(paragraphs[i].start) }

            // Title: the first heading, else the first short non-furniture block.
            if let heading = hints.headings.first {
                meta.title = Self.clean(text.utf8Slice(heading))
            } else if let i = blocks.indices.prefix(12).first(where: { !isExcluded($0) && blocks[$0].words > 0 }),
                blocks[i].words <= 30
            {
                meta.title = Self.clean(blocks[i].plainString)
            }

            // Byline, dateline and outlet near the top; "Articles by:" anywhere.
            for (i, block) in blocks.enumerated() {
                if meta.authors.isEmpty, let names = NewsLines.bylineNames(block) { meta.authors = names }
                if i < 10, meta.published == nil, let dateline = NewsLines.dateline(block) {
                    meta.published = dateline.day
                    if meta.outlet == nil { meta.outlet = dateline.outlet }
                }
            }
            if meta.outlet == nil,
                let first = blocks.indices.first(where: { !isExcluded($0) && blocks[$0].words > 12 }), first < 8,
                let inline = NewsLines.inlineDateline(b, paragraphs[first])
            {
                meta.outlet = inline.outlet
            }

            // Sign-off and republication notes in the last blocks.
            for block in blocks.suffix(20).reversed() {
                if meta.signOffAuthor == nil, let signOff = NewsLines.signOff(block) {
                    meta.signOffAuthor = signOff.name
                    if let source = signOff.originalSource { meta.originalSource = source }
                }
            }
            var statedSource: String?
            for block in blocks.suffix(20) where meta.originalSource == nil {
                guard block.words <= 40, let source = NewsLines.republicationSource(block.plainString) else { continue }
                if block.hasPrefix(Array("the original source of this article is".utf8)) {
                    statedSource = statedSource ?? source
                } else {
                    meta.originalSource = source
                }
            }
            // "The original source of this article is X": the site naming itself, or a true origin.
            if let stated = statedSource {
                if meta.outlet == nil {
                    meta.outlet = stated
                } else if meta.originalSource == nil, stated.lowercased() != meta.outlet?.lowercased() {
                    meta.originalSource = stated
                }
            }
            if meta.outlet == nil {
                for block in blocks.suffix(20) where block.hasPrefix(Array("copyright".utf8)) && block.words <= 14 {
                    meta.outlet = Self.outletFromCopyright(block.plainString, authors: meta.authors)
                    if meta.outlet != nil { break }
                }
            }
            if meta.authors.isEmpty, let signOff = meta.signOffAuthor { meta.authors = [signOff] }
            if meta.originalSource?.lowercased() == meta.outlet?.lowercased() { meta.originalSource = nil }
            return meta
        }
    }

    /// "Copyright © Jane Roe, Daily Example, 2018" → "Daily Example".
    static func outletFromCopyright(_ line: String, authors: [String]) -> String? {
        var rest = line.dropFirst("copyright".count)
        rest = rest.drop { $0 == " " || $0 == "©" || $0 == "(" || $0 == "c" || $0 == ")" }
        let parts = rest.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && Int($0) == nil && !authors.contains($0) }
        guard let outlet = parts.last, outlet.split(separator: " ").count <= 6 else { return nil }
        return outlet
    }

    static func clean(_ s: String) -> String? {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        while t.hasPrefix("#") { t.removeFirst() }
        t = t.replacingAll("**", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " *_#\t"))
        let collapsed = t.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }
}
