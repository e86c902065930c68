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
        extract(
            text, paragraphs: paragraphs, excluded: excluded, hints: hints,
            blocks: ParagraphBlocks(text, paragraphs: paragraphs, hints: hints))
    }

    /// The same, with the paragraphs' blocks already built (the pipeline shares them).
    public func extract(
        _ text: String, paragraphs: [TextRange], excluded: [ExcludedRegion], hints: ReaderHints,
        blocks shared: ParagraphBlocks
    ) -> DocumentMetadata {
        var copy = text
        return copy.withUTF8 { b in
            var meta = DocumentMetadata()
            let blocks = shared.items
            // Metadata lives at the top and the bottom: the first 12 and last 20 blocks (which
            // overlap in a short document).
            let head = 0..<min(12, blocks.count)
            let tailBlocks = blocks.suffix(20)
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
            } else if let i = head.first(where: { !isExcluded($0) && blocks[$0].words > 0 }), blocks[i].words <= 30 {
                meta.title = Self.clean(blocks[i].plainString)
            }

            // Byline, dateline and outlet near the top; "Articles by:" anywhere.
            var bylineOutlet: String?
            for i in Array(head) + Array(tailBlocks.indices.filter { $0 >= head.upperBound }) {
                let block = blocks[i]
                if meta.authors.isEmpty, let byline = NewsLines.byline(block) {
                    meta.authors = byline.names
                    bylineOutlet = byline.outlet
                    if i < 10 { meta.published = meta.published ?? byline.day }
                }
                if i < 10, meta.published == nil, let dateline = NewsLines.dateline(block) {
                    meta.published = dateline.day
                    if meta.outlet == nil { meta.outlet = dateline.outlet }
                }
            }
            if meta.outlet == nil,
                let first = head.first(where: { !isExcluded($0) && blocks[$0].words > 12 }), first < 8,
                let inline = NewsLines.inlineDateline(b, paragraphs[first])
            {
                meta.outlet = inline.outlet
            }

            if meta.outlet == nil { meta.outlet = bylineOutlet }

            // Sign-off and republication notes in the last blocks.
            for block in tailBlocks.reversed() {
                if meta.signOffAuthor == nil, let signOff = NewsLines.signOff(block) {
                    meta.signOffAuthor = signOff.name
                    if let source = signOff.originalSource { meta.originalSource = source }
                }
            }
            var statedSource: String?
            for block in tailBlocks {
                guard block.words <= 40, NewsLines.mayNameOriginalSource(block),
                    let source = NewsLines.republicationSource(block.plainString)
                else { continue }
                if block.hasPrefix("the original source of this article is") {
                    statedSource = statedSource ?? source
                } else if meta.originalSource == nil {
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
            // The copyright line names the outlet; it also expands an acronym outlet ("EM" from
            // "EM Monitoring Desk" and "© 2025 East Meridian Monitor").
            let copyrightOutlet = tailBlocks.lazy
                .filter { ($0.hasPrefix("copyright") || $0.hasPrefix("©")) && $0.words <= 24 }
                .compactMap { Self.outletFromCopyright($0.plainString, authors: meta.authors) }.first
            if let copyrightOutlet {
                if meta.outlet == nil {
                    meta.outlet = copyrightOutlet
                } else if let outlet = meta.outlet, Self.isAcronym(outlet, of: copyrightOutlet) {
                    meta.outlet = copyrightOutlet
                }
            }
            if meta.authors.isEmpty, let signOff = meta.signOffAuthor { meta.authors = [signOff] }
            if meta.originalSource?.lowercased() == meta.outlet?.lowercased() { meta.originalSource = nil }
            return meta
        }
    }

    /// "Copyright © Jane Roe, Daily Example, 2018" → "Daily Example";
    /// "© 2025 East Meridian Monitor. All rights reserved." → "East Meridian Monitor".
    static func outletFromCopyright(_ line: String, authors: [String]) -> String? {
        var rest = Substring(line)
        if rest.lowercased().hasPrefix("copyright") { rest = rest.dropFirst("copyright".count) }
        // Drop the symbol and the year, and what follows the first sentence.
        rest = rest.drop { $0 == " " || $0 == "©" || $0 == "(" || $0 == ")" || $0 == "c" && rest.hasPrefix("(c)") }
        // A place in brackets is not the name ("The Virginian-Pilot (Norfolk, Va.)").
        var unbracketed = ""
        var depth = 0
        for c in rest {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if depth == 0 { unbracketed.append(c) }
        }
        rest = Substring(unbracketed)
        if let stop = rest.firstIndex(where: { $0 == "." || $0 == "|" || $0 == "·" }) { rest = rest[..<stop] }
        // Company forms and syndication notes are parts of their own, not the name
        // ("©2018 Los Angeles Times, Distributed by Tribune Content Agency, LLC.").
        let notName: Set<String> = ["llc", "inc", "ltd", "limited", "gmbh", "corp", "co", "plc", "s.a", "ag"]
        let parts = rest.split(separator: ",").map { part in
            part.split(separator: " ").filter { Int($0) == nil && $0 != "-" && $0 != "–" }.joined(separator: " ")
        }.filter {
            !$0.isEmpty && !authors.contains($0) && !notName.contains($0.lowercased())
                && !$0.lowercased().hasPrefix("distributed by") && !$0.lowercased().hasPrefix("all rights reserved")
        }
        guard var outlet = parts.last, outlet.split(separator: " ").count <= 6,
            let first = outlet.unicodeScalars.first, first.properties.isUppercase
        else { return nil }
        if outlet.lowercased().hasPrefix("provided by ") { outlet = String(outlet.dropFirst("provided by ".count)) }
        // A company suffix is not part of the outlet's name.
        var name = outlet
        for suffix in [" Ltd", " Limited", " Inc", " LLC", " GmbH", " Publishing", " Media", " Group"] {
            if name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        }
        return name.isEmpty ? nil : name
    }

    /// Whether `short` is the initials of `long` ("EM" of "East Meridian Monitor" counts the
    /// first letters of its words in order, as a prefix).
    static func isAcronym(_ short: String, of long: String) -> Bool {
        guard (2...6).contains(short.count), short == short.uppercased(), short.allSatisfy(\.isLetter) else {
            return false
        }
        let initials = String(long.split(separator: " ").compactMap(\.first)).uppercased()
        return initials.hasPrefix(short) && initials.count >= short.count
    }

    static func clean(_ s: String) -> String? {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        while t.hasPrefix("#") { t.removeFirst() }
        t = t.replacingOccurrences(of: "**", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " *_#\t"))
        let collapsed = t.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }
}
