import Foundation

/// trafilatura's evaluation set for main-text extraction (`evaldata.json` and `pages/`): for
/// each page, snippets that must be in the main text and snippets that must not. A snippet
/// counts as found when its whitespace-normalised text is a substring of the
/// whitespace-normalised main text (the text minus its excluded regions).
public enum WebExtract {
    /// One page of the set.
    public struct Page: Sendable {
        public var url: String
        public var file: String
        public var with: [String]
        public var without: [String]
    }

    /// Why the set could not be read.
    public struct DataError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The pages of `folder/evaldata.json`, in the file's order (the order the halves are
    /// dealt by).
    public static func read(_ folder: String) throws(DataError) -> [Page] {
        let path = (folder as NSString).appendingPathComponent("evaldata.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(description: "\(path): cannot be read (give the folder holding evaldata.json and pages/)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let entries = object as? [String: Any] else {
            throw DataError(description: "\(path): not a JSON object of pages")
        }
        var pages: [Page] = []
        for (url, value) in entries {
            guard let entry = value as? [String: Any], let file = entry["file"] as? String else {
                throw DataError(description: "\(path): the entry for \(url) has no \"file\"")
            }
            pages.append(
                Page(
                    url: url, file: file, with: entry["with"] as? [String] ?? [],
                    without: entry["without"] as? [String] ?? []))
        }
        // JSONSerialization forgets the order: take it from where each file is named.
        let position = filePositions(Array(data))
        return pages.sorted { (position[$0.file] ?? Int.max, $0.file) < (position[$1.file] ?? Int.max, $1.file) }
    }

    /// Where each `"file": "NAME"` first stands in the JSON text, by NAME, found in one pass. (Searching the whole text once per page took 5 s of a 10 s evaluation.)
    /// - Complexity: O(n) in the size of the JSON text.
    static func filePositions(_ b: [UInt8]) -> [String: Int] {
        let key = Array("\"file\"".utf8)
        var positions: [String: Int] = [:]
        var i = 0
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while i + key.count <= b.count {
            guard b[i] == key[0], b[i..<i + key.count].elementsEqual(key) else {
                i += 1
                continue
            }
            let at = i
            var k = i + key.count
            while k < b.count, isBlank(b[k]) { k += 1 }
            guard k < b.count, b[k] == UInt8(ascii: ":") else {
                i = k
                continue
            }
            k += 1
            while k < b.count, isBlank(b[k]) { k += 1 }
            guard k < b.count, b[k] == UInt8(ascii: "\"") else {
                i = k
                continue
            }
            var end = k + 1
            while end < b.count, b[end] != UInt8(ascii: "\"") { end += b[end] == UInt8(ascii: "\\") ? 2 : 1 }
            guard end < b.count else { break }
            // A name written with escapes (\u00e9, \/) has no position and sorts last, by name:
            // so the halves were first dealt, and the thresholds tuned on the even one, which must
            // stay the same pages for the odd half to stay held out.
            let token = b[(k + 1)..<end]
            if !token.contains(UInt8(ascii: "\\")) {
                let name = String(decoding: token, as: UTF8.self)
                if positions[name] == nil { positions[name] = at }
            }
            i = end + 1
        }
        return positions
    }

    /// Text with every run of white space made one space, trimmed.
    public static func normalized<S: StringProtocol>(_ text: S) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The main text of a document: its text minus `excluded`, the pieces joined by a space,
    /// white space normalised.
    public static func mainText(_ text: String, excluded: [ExcludedRegion]) -> String {
        let bytes = Array(text.utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var at = 0
        for region in excluded.sorted(by: { $0.range < $1.range }) {
            let start = min(max(region.range.start, at), bytes.count)
            kept.append(contentsOf: bytes[at..<start])
            kept.append(0x20)
            at = max(at, min(region.range.end, bytes.count))
        }
        if at < bytes.count { kept.append(contentsOf: bytes[at...]) }
        return normalized(String(decoding: kept, as: UTF8.self))
    }

    /// How one page scored.
    public struct PageScore: Sendable {
        public var page: Page
        /// For each with-snippet: found in the main text.
        public var foundWith: [Bool]
        /// For each without-snippet: found in the main text (wrongly kept).
        public var foundWithout: [Bool]
        /// For each missed with-snippet: the kind of the excluded region that holds it, "absent"
        /// when the rendered text does not hold it at all, "split" when it straddles regions.
        public var missedBy: [String?]
        public var warnings: [String]
    }

    /// Scores one page's main text.
    public static func score(_ page: Page, text: String, excluded: [ExcludedRegion], warnings: [String]) -> PageScore {
        let main = mainText(text, excluded: excluded)
        let whole = normalized(text)
        let foundWith = page.with.map { main.contains(normalized($0)) }
        let foundWithout = page.without.map { main.contains(normalized($0)) }
        var missedBy: [String?] = []
        let bytes = Array(text.utf8)
        for (snippet, found) in zip(page.with, foundWith) {
            guard !found else {
                missedBy.append(nil)
                continue
            }
            let s = normalized(snippet)
            guard whole.contains(s) else {
                missedBy.append("absent")
                continue
            }
            let holder = excluded.first { region in
                let r = region.range
                guard r.end <= bytes.count else { return false }
                return normalized(String(decoding: bytes[r.start..<r.end], as: UTF8.self)).contains(s)
            }
            missedBy.append(holder.map(\.kind.rawValue) ?? "split")
        }
        return PageScore(page: page, foundWith: foundWith, foundWithout: foundWithout, missedBy: missedBy, warnings: warnings)
    }

    /// Micro precision, recall and F1 over the snippets of `scores`.
    public struct Totals: Sendable {
        public var withFound = 0
        public var withAll = 0
        public var withoutFound = 0
        public var withoutAll = 0
        public var pages = 0

        public init(_ scores: some Sequence<PageScore>) {
            for s in scores {
                pages += 1
                withFound += s.foundWith.filter { $0 }.count
                withAll += s.foundWith.count
                withoutFound += s.foundWithout.filter { $0 }.count
                withoutAll += s.foundWithout.count
            }
        }

        public var precision: Double { withFound + withoutFound == 0 ? 0 : Double(withFound) / Double(withFound + withoutFound) }
        public var recall: Double { withAll == 0 ? 0 : Double(withFound) / Double(withAll) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }
}
