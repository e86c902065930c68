/// Inputs shaped to make a scanner slow, for `claimtrace bench hostile`: each repeats one
/// small piece (an unmatched quotation mark, an attribute, a reporting verb, a blank line...)
/// until the input reaches the size asked for, so that timing it at growing sizes shows how
/// the analysis grows with the number of pieces. Text from the web is hostile: every
/// per-document stage must stay linear (or bounded) on every one of these.
public struct HostileInput: Sendable {
    /// What the input repeats, for the table ("unmatched “ (bare)").
    public let name: String
    public let format: SourceFormat
    /// The input's size in bytes at scale 1, chosen so that analysing 100 times it takes a
    /// few tenths of a second in a debug build (pieces the stages pass over quickly get more).
    public let base: Int
    /// The `i`th repeated piece.
    let piece: @Sendable (Int) -> String
    /// What comes before the pieces, given how many there are.
    let head: @Sendable (Int) -> String
    /// What comes after the pieces, given how many there are.
    let tail: @Sendable (Int) -> String

    init(
        _ name: String, _ format: SourceFormat = .text, base: Int = 100, head: @escaping @Sendable (Int) -> String = { _ in "" },
        tail: @escaping @Sendable (Int) -> String = { _ in "" }, piece: @escaping @Sendable (Int) -> String
    ) {
        self.name = name
        self.format = format
        self.base = base
        self.piece = piece
        self.head = head
        self.tail = tail
    }

    /// The same piece every time.
    init(
        _ name: String, _ format: SourceFormat = .text, base: Int = 100, head: @escaping @Sendable (Int) -> String = { _ in "" },
        tail: @escaping @Sendable (Int) -> String = { _ in "" }, repeating piece: String
    ) {
        self.init(name, format, base: base, head: head, tail: tail) { _ in piece }
    }

    /// The input with as many pieces as make about `bytes` bytes, and how many that is.
    /// - Complexity: O(bytes).
    public func content(bytes: Int) -> (bytes: [UInt8], pieces: Int) {
        var body: [UInt8] = []
        body.reserveCapacity(bytes + 64)
        var count = 0
        while body.count < bytes {
            body.append(contentsOf: piece(count).utf8)
            count += 1
        }
        return (Array(head(count).utf8) + body + Array(tail(count).utf8), count)
    }

    /// A document of this input's format holding almost nothing, to measure the fixed cost
    /// of reading and analysing one document.
    public var minimal: [UInt8] {
        switch format {
        case .text, .markdown: return Array("Word.".utf8)
        case .html: return Array("<html><body><p>Word.</p></body></html>".utf8)
        case .jsonl: return Array(#"{"id": "x", "text": "Word."}"#.utf8)
        }
    }

    /// A distinct capitalised word for each `i` ("Ba", "Bb", ... "Cba"): names that the
    /// stages cannot merge into one.
    static func word(_ i: Int) -> String {
        var n = i
        var letters: [Character] = []
        repeat {
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(n % 26))))
            n /= 26
        } while n > 0
        return "B" + String(letters.reversed())
    }

    @Sendable static func articleHead(_: Int) -> String { "<html><body><article>" }
    @Sendable static func articleTail(_: Int) -> String { "</article></body></html>" }

    /// Every shape `bench hostile` times.
    public static let all: [HostileInput] = [
        // Quotation marks that never close, close without opening, or alternate.
        HostileInput("unmatched “ (bare)", repeating: "“"),
        HostileInput("unmatched \" before words", repeating: " \"Yes"),
        HostileInput("unmatched “ before words", repeating: "“Yes "),
        HostileInput("unmatched « before words", repeating: "«Oui "),
        HostileInput("unmatched „ before words", repeating: "„Ja "),
        HostileInput("unmatched ' before words", repeating: " 'Yes"),
        HostileInput("unmatched ‘ before words", repeating: "‘Yes "),
        HostileInput("closing ” without opening", repeating: "yes” "),
        HostileInput("closing \" without opening", repeating: "yes\" "),
        HostileInput("closing » and ’", repeating: "oui» yes’ "),
        HostileInput("alternating “…”", repeating: "“Yes,” "),
        HostileInput("alternating \"…\"", repeating: "\"Yes,\" "),
        HostileInput("quotes with speakers, one paragraph", repeating: "“We will,” she said. “Soon.” "),
        // Markup.
        HostileInput("attributes on one element", .html, base: 3000, head: { _ in "<html><body><p" }, tail: { _ in ">Text.</p></body></html>" }) {
            " a\($0)=\"v\""
        },
        HostileInput("closing tags without opening", .html, base: 300, head: articleHead, tail: articleTail, repeating: "</b></p>x "),
        HostileInput("nested <div>", .html, base: 2000, head: articleHead, tail: { "Deep text." + String(repeating: "</div>", count: $0) + "</article></body></html>" }, repeating: "<div>"),
        HostileInput("unclosed <b>", .html, base: 200, head: articleHead, tail: articleTail, repeating: "<b>bold "),
        HostileInput("<nav> between paragraphs", .html, head: articleHead, tail: articleTail) {
            "<nav><a href=\"/\">Home</a></nav><p>\(word($0)) said the river rose.</p>"
        },
        HostileInput("<hr> between paragraphs", .html, head: articleHead, tail: articleTail) { "<p>Text \(word($0)).</p><hr>" },
        HostileInput("links", .html, base: 300, head: { _ in "<html><body><p>" }, tail: { _ in "</p></body></html>" }, repeating: "<a href=\"/x\">link</a> "),
        HostileInput(
            "JSON-LD array", .html, base: 2000, head: { _ in #"<html><head><script type="application/ld+json">["# },
            tail: { _ in #"{}]</script></head><body><p>Text.</p></body></html>"# }, repeating: "1,"),
        HostileInput("Markdown: unclosed <", .markdown, base: 300, repeating: "a < "),
        HostileInput("Markdown: unclosed [a](", .markdown, base: 300, repeating: "[a]( the river rose "),
        HostileInput("Markdown: emphasis runs", .markdown, base: 200, repeating: "**a_ "),
        HostileInput(
            "JSONL: many authors, a sign-off", .jsonl, head: { _ in #"{"id": "a", "authors": ["# },
            tail: { #""Ann Lee"], "text": ""# + String(repeating: "The river rose. ", count: $0) + #"\n\nJane Roe is an independent author based in Kabul."}"# + "\n" }
        ) { "\"\(word($0)) Roe\", " },
        HostileInput("JSONL: one huge text", .jsonl, head: { _ in #"{"id": "big", "text": ""# }, tail: { _ in "\"}\n" }, repeating: "the river rose "),
        // Lines and sentences.
        HostileInput("one line without spaces", base: 3000, repeating: "abcdefghij"),
        HostileInput("one sentence of words", repeating: "the council met near the old river bank and "),
        HostileInput("short sentences, one paragraph", repeating: "The mayor spoke. "),
        HostileInput("short paragraphs", piece: { "Line \(word($0)) ran.\n\n" }),
        HostileInput("blank lines", base: 10000, head: { _ in "Start.\n" }, tail: { _ in "End." }, repeating: "\n"),
        HostileInput("lone CR", base: 3000, head: { _ in "Start." }, tail: { _ in "End." }, repeating: "\r"),
        HostileInput("lines ended by CR", piece: { "The \(word($0)) said it.\r" }),
        // Words the stages look for.
        HostileInput("said said said", repeating: "said "),
        HostileInput("X said Y said", piece: { "\(word($0)) said " }),
        HostileInput("according to", repeating: "according to officials "),
        HostileInput("quoted speakers, one per paragraph", piece: { "“We will build it,” \(word($0)) Berg said.\n\n" }),
        HostileInput("transcript turns", piece: { "\(word($0).uppercased()): We will build it.\n\n" }),
        HostileInput("capitalised words", piece: { "\(word($0)) Moscow Reuters Ana " }),
        HostileInput("distinct organisations", piece: { "The \(word($0)) Ministry said he left. " }),
        HostileInput("numbers", repeating: "7,000 10,000 "),
        HostileInput("figures with nouns and names", piece: { "\(word($0)) sent 7,000 fighters to Iran. " }),
        HostileInput("dates", repeating: "Sunday, February 4, 2018, "),
        HostileInput("parentheses", base: 10000, repeating: "("),
        HostileInput("brackets and parentheses", repeating: "(a) [b] "),
        HostileInput("dashes", repeating: "— a – b -- "),
        HostileInput("loaded words", repeating: "evil corrupt regime hoax traitors "),
        HostileInput("short loaded sentences", piece: { "\(word($0)) is an evil corrupt hoax! " }),
        HostileInput("appended phrase", piece: { "\(word($0)), backed by Saudi Arabia, " }),
        // Characters that combine.
        HostileInput("e + combining accent", base: 500, repeating: "e\u{301}"),
        HostileInput("one letter, many accents", base: 500, head: { _ in "A word a" }, tail: { _ in " end." }, repeating: "\u{301}"),
        HostileInput("ZWJ family emoji", repeating: "👩‍👩‍👧 "),
        HostileInput("one ZWJ chain", head: { _ in "A word " }, tail: { _ in " end." }, repeating: "👩\u{200D}"),
        HostileInput("flags", repeating: "🇫🇷"),
    ]
}

/// How `bench hostile` decides whether a time grows faster than its input.
///
/// Each pattern is timed at three sizes, each ten times the last. A fixed overhead (the time
/// of a document holding one word) is subtracted first, so that a small input's time is its
/// pieces' and not the document's. Over a tenfold step, linear work grows 10 times, n log n
/// about 12 to 13 times at these sizes, n^1.5 about 32 times and quadratic work 100 times: a
/// step over `maxRatio` (25) is superlinear. The smaller time of a step is counted as at least
/// `floor`, so a time too small to measure cannot make a ratio large (a linear step then reads
/// under 10), and a step whose larger time is under `floor` is not judged at all.
public struct GrowthCheck: Sendable {
    /// Most a time may grow over a tenfold step of input.
    public var maxRatio: Double
    /// Seconds under which a time (after the overhead) is noise.
    public var floor: Double

    public init(maxRatio: Double = 25, floor: Double = 0.004) {
        self.maxRatio = maxRatio
        self.floor = floor
    }

    /// The growth of each tenfold step of `seconds` (sizes in order), nil where the larger time
    /// is too small to judge.
    public func ratios(_ seconds: [Double], overhead: Double) -> [Double?] {
        zip(seconds, seconds.dropFirst()).map { small, large in
            let l = large - overhead
            guard l >= floor else { return nil }
            return l / max(small - overhead, floor)
        }
    }

    /// Whether any step grows faster than `maxRatio`.
    public func isSuperlinear(_ seconds: [Double], overhead: Double) -> Bool {
        ratios(seconds, overhead: overhead).contains { ($0 ?? 0) > maxRatio }
    }
}
