/// Byte-level search for short ASCII words (class names, cue words) in UTF-8 bytes.
///
/// Foundation's `String.contains(_:)` goes through `NSString.range(of:)`: on Linux it took a
/// tenth of the time of reading the 990 pages of the extraction benchmark, all of it for
/// class and id words. These scans compare bytes and allocate nothing.
enum ByteSearch {
    /// Whether `word` occurs in `hay`, byte for byte.
    /// - Complexity: O(n·m), m the word's length (a few bytes).
    static func contains<C: RandomAccessCollection>(_ hay: C, _ word: [UInt8]) -> Bool where C.Element == UInt8, C.Index == Int {
        word.withUnsafeBufferPointer { firstIndex(of: $0, in: hay, from: hay.startIndex) } != nil
    }

    /// Whether `word` occurs in `hay`, byte for byte.
    /// - Complexity: O(n·m), m the word's length.
    static func contains<C: RandomAccessCollection>(_ hay: C, _ word: StaticString) -> Bool where C.Element == UInt8, C.Index == Int {
        word.withUTF8Buffer { firstIndex(of: $0, in: hay, from: hay.startIndex) } != nil
    }

    /// Every start of `word` in `hay` (overlapping ones included).
    /// - Complexity: O(n·m).
    static func occurrences(of word: [UInt8], in hay: [UInt8]) -> [Int] {
        word.withUnsafeBufferPointer { w in
            var hits: [Int] = []
            var from = 0
            while let i = firstIndex(of: w, in: hay, from: from) {
                hits.append(i)
                from = i + 1
            }
            return hits
        }
    }

    /// The first start of `word` in `hay` at or after `from`.
    private static func firstIndex<C: RandomAccessCollection>(of word: UnsafeBufferPointer<UInt8>, in hay: C, from: Int) -> Int?
    where C.Element == UInt8, C.Index == Int {
        guard let first = word.first, word.count <= hay.count else { return nil }
        let last = hay.endIndex - word.count
        var i = max(from, hay.startIndex)
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < word.count, hay[i + k] == word[k] { k += 1 }
                if k == word.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The UTF-8 bytes of `text` with ASCII letters in lower case (other bytes as they are).
    /// - Complexity: O(n).
    static func asciiLowercased(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}
