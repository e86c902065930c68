/// Renders Markdown to clean text: one paragraph per block, inline markup removed, links kept
/// as their text (recorded as hints), headings and rules recorded for the cleaner.
///
/// It covers what articles use (ATX and setext headings, emphasis, links, images, lists,
/// blockquotes, code, rules, escapes); it is not a full CommonMark implementation.
public struct MarkdownReader: Sendable {
    public init() {}

    public struct Page: Sendable {
        public var text: String
        /// From YAML front matter where present, else the first heading as title.
        public var metadata: DocumentMetadata
        public var hints: ReaderHints
    }

    /// - Complexity: O(n) in the length of the source.
    public func read(_ markdown: String) -> Page {
        var builder = TextBuilder()
        var hints = ReaderHints()
        var title: String?
        // Lines end at LF, CR LF (one Character in Swift, so not a "\n") or a lone CR.
        let lines = markdown.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var inFence = false
        var paragraph: [Substring] = []
        var (metadata, bodyStart) = Self.frontMatter(lines)

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            builder.breakBlock()
            for (i, line) in paragraph.enumerated() {
                let hardBreak = line.hasSuffix("  ") || line.hasSuffix("\\")
                var content = line
                if content.hasSuffix("\\") { content = content.dropLast() }
                renderInline(content.trimmingSpaces, into: &builder, hints: &hints)
                if i < paragraph.count - 1 {
                    if hardBreak { builder.breakLine() } else { builder.appendInline([0x20]) }
                }
            }
            builder.breakBlock()
            paragraph.removeAll()
        }

        var index = bodyStart
        while index < lines.count {
            let raw = lines[index]
            index += 1
            let line = raw.trimmingSpaces
            if inFence {
                if line.hasPrefix("```") || line.hasPrefix("~~~") {
                    inFence = false
                    builder.breakBlock()
                } else {
                    builder.appendVerbatim(Array(raw.utf8) + [0x0A])
                }
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                flushParagraph()
                builder.breakBlock()
                inFence = true
                continue
            }
            if line.isEmpty {
                flushParagraph()
                continue
            }
            // Link reference definitions are not text.
            if line.hasPrefix("["), line.contains("]:") , !line.contains("](") {
                continue
            }
            if Self.isRule(line) {
                if !paragraph.isEmpty, line.allSatisfy({ $0 == "-" || $0 == "=" }) {
                    // Setext heading: the paragraph above is a heading.
                    let heading = paragraph
                    paragraph.removeAll()
                    builder.breakBlock()
                    let start = builder.nextTextOffset
                    for l in heading { renderInline(l.trimmingSpaces, into: &builder, hints: &hints) }
                    hints.headings.append(TextRange(start, builder.offset))
                    if title == nil { title = builder.bytes[start...].stringValue }
                    builder.breakBlock()
                } else {
                    flushParagraph()
                    builder.breakBlock()
                    hints.sectionBreaks.append(builder.offset)
                }
                continue
            }
            if line.hasPrefix("#") {
                let level = line.prefix(while: { $0 == "#" }).count
                let rest = line.dropFirst(level)
                if level <= 6, rest.isEmpty || rest.first == " " {
                    flushParagraph()
                    builder.breakBlock()
                    var content = rest.trimmingSpaces
                    while content.hasSuffix("#") { content = content.dropLast() }
                    let start = builder.nextTextOffset
                    renderInline(content.trimmingSpaces, into: &builder, hints: &hints)
                    if builder.offset > start {
                        hints.headings.append(TextRange(start, builder.offset))
                        if title == nil, level <= 2 { title = builder.bytes[start...].stringValue }
                    }
                    builder.breakBlock()
                    continue
                }
            }
            if line.hasPrefix(">") {
                flushParagraph()
                var content = line
                while content.hasPrefix(">") { content = content.dropFirst().trimmingSpaces }
                if content.isEmpty { continue }
                paragraph.append(content)
                // A blockquote line is its own block unless continued by another quoted line.
                if index < lines.count, lines[index].trimmingSpaces.hasPrefix(">") { continue }
                flushParagraph()
                continue
            }
            if let item = Self.listItemContent(line) {
                flushParagraph()
                paragraph.append(item)
                flushParagraph()
                continue
            }
            paragraph.append(line)
        }
        flushParagraph()
        metadata.title = metadata.title ?? title
        return Page(text: builder.finish(), metadata: metadata, hints: hints)
    }

    /// Reads YAML front matter (`---` ... `---` at the top): title, author(s), date, outlet or
    /// publisher or site, url. Returns the metadata and the first line after it.
    static func frontMatter(_ lines: [Substring]) -> (DocumentMetadata, Int) {
        var meta = DocumentMetadata()
        guard let first = lines.first, first.trimmingSpaces == "---" else { return (meta, 0) }
        guard let close = lines.indices.dropFirst().prefix(100).first(where: {
            lines[$0].trimmingSpaces == "---" || lines[$0].trimmingSpaces == "..."
        }) else { return (meta, 0) }
        func unquote(_ s: Substring) -> String {
            var v = s.trimmingSpaces
            if v.count >= 2, let f = v.first, let l = v.last, (f == "\"" && l == "\"") || (f == "'" && l == "'") {
                v = v.dropFirst().dropLast()
            }
            return String(v)
        }
        for line in lines[1..<close] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces.lowercased()
            let value = unquote(line[line.index(after: colon)...])
            guard !value.isEmpty else { continue }
            switch key {
            case "title", "headline": meta.title = value
            case "author", "authors", "byline":
                let list = value.hasPrefix("[") ? String(value.dropFirst().dropLast()) : value
                meta.authors = list.split(separator: ",").map { unquote($0) }.filter { !$0.isEmpty }
            case "date", "published", "datepublished": meta.published = Day(iso: value)
            case "outlet", "publisher", "site", "site_name", "source": meta.outlet = value
            case "url", "canonical", "canonical_url": meta.url = value
            default: break
            }
        }
        return (meta, close + 1)
    }

    static func isRule(_ line: Substring) -> Bool {
        let compact = line.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, first == "-" || first == "*" || first == "_" || first == "="
        else { return false }
        return compact.allSatisfy { $0 == first }
    }

    static func listItemContent(_ line: Substring) -> Substring? {
        if let first = line.first, first == "-" || first == "*" || first == "+" {
            let rest = line.dropFirst()
            if rest.first == " " { return rest.trimmingSpaces }
            return nil
        }
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " {
                return rest.dropFirst(2).trimmingSpaces
            }
        }
        return nil
    }

    /// Renders inline markup: emphasis markers dropped, `[text](url)` kept as text, images
    /// dropped, code spans kept, backslash escapes resolved, inline tags removed.
    /// - Complexity: O(line length).
    func renderInline(_ line: Substring, into builder: inout TextBuilder, hints: inout ReaderHints) {
        let bytes = Array(line.utf8)
        let marks = InlineMarks(bytes)
        var i = 0
        var linkStarts: [Int] = []  // builder offsets of open '[' whose text is being rendered
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\\"):
                if i + 1 < bytes.count, Self.escapable.contains(bytes[i + 1]) {
                    builder.appendInline([bytes[i + 1]])
                    i += 2
                    continue
                }
            case UInt8(ascii: "*"), UInt8(ascii: "_"):
                // Emphasis delimiters: drop runs that touch a word on one side only, or stand
                // alone ("**", "*"). Keep a single '_' or '*' inside a word.
                var run = i
                while run < bytes.count, bytes[run] == b { run += 1 }
                let before = i > 0 ? bytes[i - 1] : 0x20
                let after = run < bytes.count ? bytes[run] : 0x20
                let insideWord = Self.isWordByte(before) && Self.isWordByte(after)
                if !insideWord || b == UInt8(ascii: "*") {
                    i = run
                    continue
                }
            case UInt8(ascii: "`"):
                if let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "`")) {
                    builder.appendInline(bytes[(i + 1)..<close])
                    i = close + 1
                    continue
                }
            case UInt8(ascii: "!"):
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "["),
                    let (_, after) = Self.linkTarget(bytes, from: i + 1, marks)
                {
                    i = after  // images carry no article text
                    continue
                }
            case UInt8(ascii: "["):
                if Self.linkTarget(bytes, from: i, marks) != nil {
                    linkStarts.append(builder.nextTextOffset)
                    i += 1
                    continue
                }
            case UInt8(ascii: "]"):
                if let start = linkStarts.popLast(), i + 1 < bytes.count,
                    bytes[i + 1] == UInt8(ascii: "(") || bytes[i + 1] == UInt8(ascii: "[")
                {
                    let close = bytes[i + 1] == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
                    var j = i + 2
                    var depth = 1
                    while j < bytes.count {
                        if bytes[j] == bytes[i + 1] { depth += 1 }
                        if bytes[j] == close {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        j += 1
                    }
                    if builder.offset > start { hints.links.append(TextRange(start, builder.offset)) }
                    i = min(j + 1, bytes.count)
                    continue
                }
            case UInt8(ascii: "<"):
                // Autolinks keep their address; inline tags go.
                if let close = marks.next(UInt8(ascii: ">"), after: i), close - i < 200 {
                    let inner = bytes[(i + 1)..<close]
                    if inner.starts(with: Array("http".utf8)) || inner.contains(UInt8(ascii: "@")) {
                        let start = builder.nextTextOffset
                        builder.appendInline(inner)
                        hints.links.append(TextRange(start, builder.offset))
                        i = close + 1
                        continue
                    }
                    if let first = inner.first, Self.isWordByte(first) || first == UInt8(ascii: "/") {
                        i = close + 1
                        continue
                    }
                }
            default: break
            }
            builder.appendInline([b])
            i += 1
        }
    }

    private static let escapable = Set("\\`*_{}[]()#+-.!|<>$~\"'".utf8)

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
    }

    /// For `[` at `open`: when `[text](target)` or `[text][ref]` follows, where it ends (the
    /// text's closing bracket within 2000 bytes).
    static func linkTarget(_ bytes: [UInt8], from open: Int, _ marks: InlineMarks) -> (textEnd: Int, after: Int)? {
        guard let i = marks.closing(open), i - open < 2000, i + 1 < bytes.count else { return nil }
        let opener = bytes[i + 1]
        guard opener == UInt8(ascii: "(") || opener == UInt8(ascii: "[") else { return nil }
        let closer = opener == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
        guard let close = marks.next(closer, after: i + 1) else { return nil }
        return (i, close + 1)
    }

    /// Where a line's brackets close and where its next `)`, `]` and `>` are, found once per
    /// line: following each `[` or `<` to the end of the line instead took quadratic time on a
    /// line of them.
    struct InlineMarks {
        /// For each `[`, the index of the `]` that closes it (brackets nest), or -1.
        private var closes: [Int32]
        /// For each index, the next `)`, `]` and `>` at or after it (-1: none).
        private var nextParen: [Int32]
        private var nextBracket: [Int32]
        private var nextAngle: [Int32]

        /// - Complexity: O(n).
        init(_ bytes: [UInt8]) {
            closes = [Int32](repeating: -1, count: bytes.count)
            var open: [Int] = []
            for (k, b) in bytes.enumerated() {
                if b == UInt8(ascii: "[") {
                    open.append(k)
                } else if b == UInt8(ascii: "]"), let o = open.popLast() {
                    closes[o] = Int32(k)
                }
            }
            func nexts(_ mark: UInt8) -> [Int32] {
                var out = [Int32](repeating: -1, count: bytes.count + 1)
                for k in stride(from: bytes.count - 1, through: 0, by: -1) { out[k] = bytes[k] == mark ? Int32(k) : out[k + 1] }
                return out
            }
            nextParen = nexts(UInt8(ascii: ")"))
            nextBracket = nexts(UInt8(ascii: "]"))
            nextAngle = nexts(UInt8(ascii: ">"))
        }

        /// The `]` closing the `[` at `open`.
        func closing(_ open: Int) -> Int? { closes[open] >= 0 ? Int(closes[open]) : nil }

        /// The first `mark` (`)`, `]` or `>`) after index `i`.
        func next(_ mark: UInt8, after i: Int) -> Int? {
            let table = mark == UInt8(ascii: ")") ? nextParen : mark == UInt8(ascii: "]") ? nextBracket : nextAngle
            guard i + 1 < table.count, table[i + 1] >= 0 else { return nil }
            return Int(table[i + 1])
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

extension ArraySlice where Element == UInt8 {
    var stringValue: String { String(decoding: self, as: UTF8.self) }
}
