/// Accumulates rendered text for the markup readers: collapses white space, separates blocks
/// with a blank line, and hands out byte offsets for hints.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    var offset: Int { bytes.count }

    /// Appends inline text, collapsing runs of white space into one space.
    mutating func appendInline<S: Sequence>(_ text: S) where S.Element == UInt8 {
        for b in text {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                pendingSpace = true
                continue
            }
            if pendingSpace, let last = bytes.last, last != 0x0A, last != 0x20 { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(b)
        }
    }

    /// Appends text verbatim (preformatted blocks).
    mutating func appendVerbatim<S: Sequence>(_ text: S) where S.Element == UInt8 {
        pendingSpace = false
        bytes.append(contentsOf: text)
    }

    /// Ends the current block: the next text starts a new paragraph.
    mutating func breakBlock() {
        trimTrailingSpaces()
        pendingSpace = false
        guard !bytes.isEmpty else { return }
        if bytes.last != 0x0A { bytes.append(0x0A) }
        if bytes.count < 2 || bytes[bytes.count - 2] != 0x0A { bytes.append(0x0A) }
    }

    /// A hard line break inside a block.
    mutating func breakLine() {
        trimTrailingSpaces()
        pendingSpace = false
        if let last = bytes.last, last != 0x0A { bytes.append(0x0A) }
    }

    /// The offset where the next visible character will land (after any pending space).
    var nextTextOffset: Int {
        if pendingSpace, let last = bytes.last, last != 0x0A, last != 0x20 { return bytes.count + 1 }
        return bytes.count
    }

    private mutating func trimTrailingSpaces() {
        while bytes.last == 0x20 { bytes.removeLast() }
    }

    /// The finished text, with trailing blank lines removed.
    mutating func finish() -> String {
        while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
