import CICUShim

/// ICU's rule-based break iterator over UTF-8, returning byte offsets.
///
/// Not shareable between threads: each stage call opens its own. The plain `en` rules are
/// used, not `en@ss=standard`: opening the latter rebuilds ICU's abbreviation filter each time
/// (7x slower per document here), and `SentenceSplitter` applies our own abbreviation rules.
final class BreakIterator {
    private let handle: OpaquePointer

    enum Kind { case sentence, word }

    init(_ kind: Kind, locale: String = "en") throws(ClaimTraceError) {
        var error = [CChar](repeating: 0, count: 64)
        guard let opened = ct_breaker_open(kind == .sentence ? 0 : 1, locale, &error, 64) else {
            throw .breakIterator(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        handle = opened
    }

    deinit { ct_breaker_close(handle) }

    /// The boundaries after 0 (byte offsets) in `bytes`, ascending, the last one at the end.
    func boundaries(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        guard ct_breaker_set_text(handle, base, Int64(bytes.count)) == 0 else { return [bytes.count] }
        var out: [Int] = []
        var chunk = [Int64](repeating: 0, count: 256)
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { ct_breaker_next(handle, $0.baseAddress, nil, 256) }
            if n == 0 { break }
            for k in 0..<Int(n) { out.append(Int(chunk[k])) }
        }
        return out
    }
}
