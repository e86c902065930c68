import CHTMLShim
import Foundation

/// Renders an HTML page to clean text with paragraph structure, through libxml2's HTML parser,
/// and reads the page's metadata (`<title>`, `og:`/`article:` meta, `<time>`, JSON-LD).
public struct HTMLReader: Sendable {
    /// Keep readers' comments in the text (not excluded); by default they are an excluded
    /// `comments` region.
    public var includeComments: Bool

    public init(includeComments: Bool = false) {
        self.includeComments = includeComments
    }

    /// The rendered page.
    public struct Page: Sendable {
        public var text: String
        public var metadata: DocumentMetadata
        public var hints: ReaderHints
        /// What was dropped before parsing, in words (attributes over ``HTMLReader/maxAttributes``).
        public var warnings: [String] = []
    }

    /// Most attributes read on one element. libxml2 compares each attribute's name with every
    /// earlier one of its element, so n attributes take O(n²): 100,000 of them on one tag held
    /// the parser for minutes. Real elements carry a few dozen at most; the rest are dropped
    /// before parsing, with a warning.
    public static let maxAttributes = 256

    /// Parses `html` (already decoded text). Malformed markup is repaired, never fatal.
    /// - Complexity: O(n) in the size of the page.
    public func read(_ html: String) -> Page {
        var source = html
        // libxml2 ends the document at a NUL byte; saved pages hold stray ones (NUL is not a
        // character HTML allows: dropped, as browsers do).
        if source.utf8.contains(0) { source = String(decoding: source.utf8.filter { $0 != 0 }, as: UTF8.self) }
        var dropped = 0
        let document: OpaquePointer? = source.withUTF8 { buffer in
            var capped = Self.capAttributes(buffer, at: Self.maxAttributes)
            dropped = capped.dropped
            func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
                bytes.withMemoryRebound(to: CChar.self) { ct_html_parse($0.baseAddress, Int32(clamping: $0.count)) }
            }
            guard capped.dropped > 0 else { return parse(buffer) }
            return capped.bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
        }
        var warnings: [String] = []
        if dropped > 0 {
            warnings.append(
                "\(dropped) HTML attribute\(dropped == 1 ? "" : "s") dropped before parsing (over \(Self.maxAttributes) on one element)")
        }
        guard let document, let root = ct_html_root(document).map(HTMLNode.init) else {
            if let document { ct_html_free(document) }
            return Page(text: "", metadata: DocumentMetadata(), hints: ReaderHints(), warnings: warnings)
        }
        defer { ct_html_free(document) }
        var renderer = Renderer()
        renderer.includeComments = includeComments
        let decision = MainContent(cues: .shared).find(root, skipped: Renderer.skipped, blocks: Renderer.blocks)
        if let problem = decision.problem { warnings.append("no article text found: \(problem)") }
        renderer.decision = decision
        renderer.render(root)
        var metadata = MetadataCollector().collect(root)
        if metadata.title == nil, let h1 = renderer.firstH1 { metadata.title = h1 }
        return Page(text: renderer.text, metadata: metadata, hints: renderer.hints, warnings: warnings)
    }

    /// The page without the attributes past the `limit`th of each element, and how many were
    /// dropped (the bytes are only copied when some are). A light tokenizer, as libxml2 reads
    /// a start tag: `<` and a letter open it; attributes are separated by white space, a value
    /// follows `=` quoted or up to white space or `>`; `>` outside a quoted value ends the tag.
    /// Comments, `<!...>`, `<?...>` and the raw text of `script`, `style`, `textarea`, `title`
    /// and the like are passed over.
    /// - Complexity: O(n).
    static func capAttributes(_ b: UnsafeBufferPointer<UInt8>, at limit: Int) -> (bytes: [UInt8], dropped: Int) {
        let n = b.count
        var out: [UInt8] = []
        var copied = 0  // bytes before this offset are in `out` (once copying has begun)
        var dropped = 0
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        /// The offset after the first occurrence of `needle` (ASCII, matched without case) at or
        /// after `i`; when there is none, `i` (the scan goes on from there, so that a comment
        /// or script left open cannot hide an element of a million attributes).
        /// (Where each needle was last sought in vain: it is absent from there on, and is not
        /// sought again, so a page of unclosed comments is read once, not once per comment.)
        var absentFrom: [[UInt8]: Int] = [:]
        func skip(past needle: [UInt8], from i: Int) -> Int {
            if let absent = absentFrom[needle], absent <= i { return i }
            var k = i
            while k + needle.count <= n {
                var m = 0
                while m < needle.count, b[k + m] | (isLetter(needle[m]) ? 0x20 : 0) == needle[m] { m += 1 }
                if m == needle.count { return k + needle.count }
                k += 1
            }
            absentFrom[needle] = i
            return i
        }
        let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]
        var i = 0
        while i < n {
            guard b[i] == UInt8(ascii: "<"), i + 1 < n else {
                i += 1
                continue
            }
            let c = b[i + 1]
            if c == UInt8(ascii: "!") {
                i = i + 3 < n && b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-")
                    ? skip(past: Array("-->".utf8), from: i + 4) : skip(past: [UInt8(ascii: ">")], from: i + 2)
                continue
            }
            if c == UInt8(ascii: "?") {
                i = skip(past: [UInt8(ascii: ">")], from: i + 2)
                continue
            }
            guard isLetter(c) else {
                i += 1
                continue
            }
            // The tag's name, then its attributes.
            var k = i + 1
            while k < n, !isBlank(b[k]), b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "/") { k += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<k]), as: UTF8.self).lowercased()
            var count = 0
            while k < n {
                let previousEnd = k  // a dropped attribute goes with the white space before it
                while k < n, isBlank(b[k]) || (b[k] == UInt8(ascii: "/") && !(k + 1 < n && b[k + 1] == UInt8(ascii: ">"))) { k += 1 }
                guard k < n, b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "/") else { break }
                let start = k
                while k < n, !isBlank(b[k]), b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "="),
                    !(b[k] == UInt8(ascii: "/") && k + 1 < n && b[k + 1] == UInt8(ascii: ">"))
                {
                    k += 1
                }
                var v = k
                while v < n, isBlank(b[v]) { v += 1 }
                if v < n, b[v] == UInt8(ascii: "=") {
                    v += 1
                    while v < n, isBlank(b[v]) { v += 1 }
                    if v < n, b[v] == UInt8(ascii: "\"") || b[v] == UInt8(ascii: "'") {
                        let quote = b[v]
                        v += 1
                        while v < n, b[v] != quote { v += 1 }
                        k = min(n, v + 1)
                    } else {
                        while v < n, !isBlank(b[v]), b[v] != UInt8(ascii: ">") { v += 1 }
                        k = v
                    }
                }
                if k == start { k += 1 }  // a stray byte: step over it
                count += 1
                if count > limit {
                    // Drop this attribute: copy what precedes it, skip it.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<previousEnd]))
                    copied = k
                    dropped += 1
                }
            }
            i = k
            if rawText.contains(name) { i = skip(past: Array("</\(name)".utf8), from: i) }
        }
        guard dropped > 0 else { return ([], 0) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<n]))
        return (out, dropped)
    }
}

// MARK: - Rendering

struct Renderer {
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
        "button", "select", "input", "textarea", "head", "link", "meta", "video", "audio", "map",
    ]
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure",
        "figcaption", "address", "fieldset", "details", "summary", "body", "html", "caption", "hgroup", "form",
    ]

    var builder = TextBuilder()
    var hints = ReaderHints()
    var firstH1: String?
    /// Which elements hold the article (from ``MainContent``).
    var decision = MainContent.Decision()
    var includeComments = false
    private var mainRanges: [TextRange] = []
    /// The page's first `<h1>`, when no furniture holds it: the headline.
    private var headlineRange: TextRange?
    private var mainRange: TextRange?
    private var furnitureDepth = 0

    private(set) var text = ""

    private enum Step {
        case enter(HTMLNode)
        case exit(HTMLNode, start: Int, furniture: BoilerplateKind?, isBlock: Bool, isMain: Bool)
    }

    mutating func render(_ root: HTMLNode) {
        var stack: [Step] = [.enter(root)]
        var insideArticle = 0
        while let step = stack.popLast() {
            switch step {
            case .enter(let node):
                if let bytes = node.textBytes {
                    builder.appendInline(bytes)
                    continue
                }
                guard node.isElement else { continue }
                let tag = node.tag
                if Self.skipped.contains(tag) { continue }
                switch tag {
                case "br":
                    builder.breakLine()
                    continue
                case "hr":
                    builder.breakBlock()
                    hints.sectionBreaks.append(builder.offset)
                    continue
                case "img":
                    continue
                case "td", "th":
                    // Cells of a row are separated by a space ("Barrels counted 412").
                    builder.appendInline([0x20])
                case "pre":
                    builder.breakBlock()
                    let start = builder.offset
                    builder.appendVerbatim(Array(node.textContent.utf8))
                    if builder.offset > start { builder.breakBlock() }
                    continue
                default: break
                }
                let isBlock = Self.blocks.contains(tag)
                if isBlock { builder.breakBlock() }
                if tag == "article" || tag == "main" || node.attribute("role") == "main" { insideArticle += 1 }
                let holdsArticle = decision.holdsMain.contains(node.raw)
                let isMain = decision.main.contains(node.raw)
                var kind = furnitureDepth == 0 && !holdsArticle && !isMain ? furnitureKind(node, tag: tag, insideArticle: insideArticle > 0) : nil
                if kind == .comments, includeComments { kind = nil }
                if kind == nil, furnitureDepth == 0, decision.linkLists.contains(node.raw) { kind = .navigation }
                if kind != nil { furnitureDepth += 1 }
                let start = tag == "a" || tag.first == "h" ? builder.nextTextOffset : builder.offset
                stack.append(.exit(node, start: isMain ? builder.offset : start, furniture: kind, isBlock: isBlock, isMain: isMain))
                for c in node.children.reversed() { stack.append(.enter(c)) }

            case .exit(let node, let start, let furniture, let isBlock, let isMain):
                let tag = node.tag
                let end = builder.offset
                if tag == "a", end > start { hints.links.append(TextRange(start, end)) }
                if tag.count == 2, tag.first == "h", let level = tag.last, ("1"..."6").contains(level), end > start {
                    hints.headings.append(TextRange(start, end))
                    if tag == "h1", firstH1 == nil {
                        if furnitureDepth == 0 { headlineRange = TextRange(start, end) }
                        firstH1 = node.textContent.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    }
                }
                if tag == "article" || tag == "main" || node.attribute("role") == "main" {
                    insideArticle -= 1
                    if mainRange == nil, end > start { mainRange = TextRange(start, end) }
                }
                if let furniture {
                    furnitureDepth -= 1
                    if end > start { hints.furniture.append(ExcludedRegion(TextRange(start, end), furniture)) }
                }
                if isMain, end > start { mainRanges.append(TextRange(start, end)) }
                if isBlock { builder.breakBlock() }
            }
        }
        let text = builder.finish()
        let total = text.utf8.count
        if decision.rule != nil {
            // Everything outside the article's elements is furniture.
            // (`headline`: the first <h1>, above the article, is kept with it.)
            var kept = mainRanges
            if let headline = headlineRange, let first = mainRanges.min(), headline.end <= first.start { kept.append(headline) }
            var at = 0
            for range in kept.sorted() {
                let end = min(range.start, total)
                if end > at { hints.furniture.append(ExcludedRegion(TextRange(at, end), .navigation)) }
                at = max(at, min(range.end, total))
            }
            if at < total { hints.furniture.append(ExcludedRegion(TextRange(at, total), .navigation)) }
        } else if let main = mainRange {
            // Text outside <article>/<main> is page furniture when the page declares its main part.
            if main.start > 0 { hints.furniture.append(ExcludedRegion(TextRange(0, min(main.start, total)), .navigation)) }
            if main.end < total { hints.furniture.append(ExcludedRegion(TextRange(main.end, total), .navigation)) }
        }
        hints.furniture = hints.furniture.map {
            ExcludedRegion(TextRange(min($0.range.start, total), min($0.range.end, total)), $0.kind)
        }.filter { !$0.range.isEmpty }
        hints.links = hints.links.filter { $0.end <= total }
        hints.headings = hints.headings.filter { $0.end <= total }
        hints.sectionBreaks = hints.sectionBreaks.filter { $0 <= total }
        self.text = text
    }

    private func furnitureKind(_ node: HTMLNode, tag: String, insideArticle: Bool) -> BoilerplateKind? {
        switch tag {
        case "nav": return .navigation
        case "aside": return .related
        case "footer": return insideArticle ? nil : .footer
        case "header": return insideArticle ? nil : .navigation
        case "figcaption": return .imageCredit
        // (A form that holds the article, as ASP.NET pages wrap their whole body in one, never
        // gets here.)
        // Without an article found, a form may be the whole page: not furniture then.
        case "form": return decision.rule == nil ? nil : .form
        default: break
        }
        switch node.attribute("role") {
        case "navigation", "menu", "menubar": return .navigation
        case "contentinfo": return .footer
        case "complementary": return .related
        default: break
        }
        let names = Array(((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased().utf8)
        guard names.count > 1 else { return nil }
        for token in names.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }) {
            for (word, kind) in ExtractionCues.shared.regionWords where ByteSearch.contains(token, word) {
                // "article-header", "entry-content" and the like are content, not furniture.
                if ExtractionCues.shared.protectingWords.contains(where: { ByteSearch.contains(token, $0) }) { continue }
                return kind
            }
        }
        return nil
    }

}
