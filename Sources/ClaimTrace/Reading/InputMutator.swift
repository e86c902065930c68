/// Seeded mutations of input files, for fuzzing the readers and the pipeline with the damage
/// real files come with (bit rot, cut downloads, wrong encodings) and with what a hostile page
/// can hold (deep nesting, huge lines, floods of quotes or attributes).
///
/// The same seed gives the same mutations, so a failure found in CI is reproduced with its seed.
public struct InputMutator: Sendable {
    /// One kind of damage, named so that a failure says which.
    public enum Mutation: String, CaseIterable, Sendable {
        case bitFlips = "bit-flips"
        case truncation
        case nulBytes = "nul-bytes"
        case byteOrderMark = "byte-order-mark"
        case deepNesting = "deep-nesting"
        case hugeLine = "huge-line"
        case repeatedChunk = "repeated-chunk"
        case randomBytes = "random-bytes"
        case controlCharacters = "control-characters"
        case quoteFlood = "quote-flood"
        case attributeFlood = "attribute-flood"
        case hostileRecords = "hostile-records"
    }

    /// Bytes of the largest single insertion (a huge line, a nesting): big enough to find
    /// superlinear scanners, small enough that each run stays within seconds.
    public var maxInsertion: Int

    public init(maxInsertion: Int = 400_000) {
        self.maxInsertion = maxInsertion
    }

    /// `bytes` with `mutation` applied, drawing every choice from `random`.
    public func apply(_ mutation: Mutation, to bytes: [UInt8], random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        let count = max(1, out.count)
        func at() -> Int { Int(random.next() % UInt64(out.count + 1)) }
        switch mutation {
        case .bitFlips:
            guard !out.isEmpty else { return [0xFF] }
            for _ in 0..<(1 + Int(random.next() % 32)) {
                let i = Int(random.next() % UInt64(out.count))
                out[i] ^= 1 << UInt8(random.next() % 8)
            }
        case .truncation:
            out.removeLast(out.count - Int(random.next() % UInt64(count)))
        case .nulBytes:
            for _ in 0..<(1 + Int(random.next() % 4)) { out.insert(0, at: at()) }
        case .byteOrderMark:
            let marks: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00], [0x00, 0x00, 0xFE, 0xFF]]
            let mark = marks[Int(random.next() % UInt64(marks.count))]
            out = random.next() % 2 == 0 ? mark + out : Self.utf16(out, mark: mark)
        case .deepNesting:
            let depth = maxInsertion / 12
            let (open, close): ([UInt8], [UInt8]) = [
                (Array("<div><b>".utf8), Array("</b></div>".utf8)), (Array("[".utf8), Array("]".utf8)),
                (Array("> ".utf8), Array("\n".utf8)), (Array("(\u{201C}".utf8), Array("\u{201D})".utf8)),
            ][Int(random.next() % 4)]
            let i = at()
            let nested = Self.repeated(open, depth) + Self.repeated(close, depth / 2)
            out.insert(contentsOf: nested, at: i)
        case .hugeLine:
            let length = maxInsertion / 2 + Int(random.next() % UInt64(maxInsertion / 2))
            let unit: [UInt8] = random.next() % 2 == 0 ? Array("x".utf8) : Array("Word said ".utf8)
            out.insert(contentsOf: Self.repeated(unit, length / unit.count), at: at())
        case .repeatedChunk:
            guard out.count > 1 else { return out + out }
            let start = Int(random.next() % UInt64(out.count - 1))
            let end = min(out.count, start + 1 + Int(random.next() % 400))
            let chunk = Array(out[start..<end])
            let times = max(1, maxInsertion / max(1, chunk.count))
            out.insert(contentsOf: Self.repeated(chunk, times), at: end)
        case .randomBytes:
            let length = 1 + Int(random.next() % 512)
            let noise = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let i = at()
            out.replaceSubrange(i..<min(out.count, i + length), with: noise)
        case .controlCharacters:
            let characters: [[UInt8]] = [[0x0D], [0x0B], [0x0C], [0x1B], [0x7F], Array("\u{2028}".utf8), Array("\u{200D}".utf8), Array("\u{FEFF}".utf8)]
            for _ in 0..<(1 + Int(random.next() % 64)) {
                out.insert(contentsOf: characters[Int(random.next() % UInt64(characters.count))], at: at())
            }
        case .quoteFlood:
            let quotes = ["\"", "\u{201C}", "\u{00AB}", "\u{201E}", "'", "\u{2018}"].map { Array($0.utf8) }
            let quote = quotes[Int(random.next() % UInt64(quotes.count))]
            out.insert(contentsOf: Self.repeated(quote + Array(" said ".utf8), maxInsertion / 8), at: at())
        case .attributeFlood:
            let attributes = (0..<(maxInsertion / 12)).map { Array(" a\($0)=\"x\"".utf8) }.joined()
            out.insert(contentsOf: Array("<p".utf8) + attributes + Array(">text</p>".utf8), at: at())
        case .hostileRecords:
            let records = [
                #"{"id": "", "text": "Empty id."}"#, #"{"id": "../../etc/passwd", "text": "Path id."}"#,
                #"{"id": "dup", "text": "One."}"#, #"{"id": "dup", "text": "Two."}"#, #"{"id": 5, "title": [1], "text": "Typed."}"#,
                #"{"id": "x", "text": "\u0000\u0001 control"}"#, #"{"html": "<b>"#,
                #"{"id": "deep", "text": "t", "x": "# + String(repeating: "[", count: maxInsertion / 20),
            ]
            let lines = Array(records.map { "\n" + $0 }.joined().utf8) + [0x0A]
            out.insert(contentsOf: lines, at: random.next() % 2 == 0 ? 0 : out.count)
        }
        return out
    }

    /// `unit` `times` times over.
    static func repeated(_ unit: [UInt8], _ times: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(unit.count * max(0, times))
        for _ in 0..<max(0, times) { out += unit }
        return out
    }

    /// The bytes after a byte-order mark, widened to UTF-16 the way the mark says (or not, when
    /// it is a UTF-8 or UTF-32 mark: then the mark lies).
    static func utf16(_ bytes: [UInt8], mark: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let bigEndian = mark == [0xFE, 0xFF]
        return mark + text.utf16.flatMap { u in bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
    }
}
