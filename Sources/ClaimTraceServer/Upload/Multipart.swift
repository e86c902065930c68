import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its parts: enough for an upload form.
///
/// Hostile input: the number of parts and the size of each part's headers are bounded, and the
/// scan is linear in the body (the boundary is at most 70 bytes long).
struct Multipart {
    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: ArraySlice<UInt8>
    }

    enum Failure: Error, CustomStringConvertible {
        case notMultipart
        case malformed(String)

        var description: String {
            switch self {
            case .notMultipart: return "the form must be sent as multipart/form-data"
            case .malformed(let why): return "the form data is malformed (\(why))"
            }
        }
    }

    static let maxParts = 32
    static let maxHeaderBytes = 8192

    /// The boundary named by a `Content-Type: multipart/form-data; boundary=...` header.
    static func boundary(contentType: String) throws(Failure) -> String {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { throw .notMultipart }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count) else { throw .malformed("the boundary must have 1 to 70 characters") }
            return value
        }
        throw .malformed("no boundary in the content type")
    }

    static func parse(_ body: [UInt8], boundary: String) throws(Failure) -> [Part] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var position = find(delimiter, in: body, from: 0) else { throw .malformed("no part starts") }
        position += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body.count >= position + 2, body[position] == 0x2D, body[position + 1] == 0x2D { return parts }
            guard body.count >= position + 2, body[position] == 0x0D, body[position + 1] == 0x0A else {
                throw .malformed("a boundary is not followed by a line break")
            }
            position += 2
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position),
                headerEnd - position <= maxHeaderBytes
            else { throw .malformed("a part's headers do not end") }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let dataStart = headerEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: dataStart) else {
                throw .malformed("a part does not end with the boundary")
            }
            guard parts.count < maxParts else { throw .malformed("more than \(maxParts) parts") }
            var part = Part(name: "", fileName: nil, contentType: nil, data: body[dataStart..<next])
            for line in headers.split(separator: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let value = pair[1].trimmingCharacters(in: .whitespaces)
                switch pair[0].lowercased() {
                case "content-disposition":
                    part.name = parameter("name", in: value) ?? ""
                    part.fileName = parameter("filename", in: value)
                case "content-type":
                    part.contentType = value
                default:
                    break
                }
            }
            parts.append(part)
            position = next + 2 + delimiter.count
        }
    }

    /// A `key="value"` (or unquoted) parameter of a header value.
    static func parameter(_ key: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var v = pair[1].trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    /// - Complexity: O(n·m) worst case for m = needle length (at most 76 here), O(n) typically.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
