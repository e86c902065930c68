/// An input that could not be read, or a record inside it that was skipped.
public struct ReadIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file, or `file:line` for a JSONL record.
    public var location: String
    public var reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    /// One line: `path: reason`.
    public var description: String { "\(location): \(reason)" }
}

/// Errors of the ClaimTrace library. Each message names the input and says what to do.
public enum ClaimTraceError: Error, Sendable, CustomStringConvertible {
    case pathNotFound(String)
    case noInputs([String])
    case breakIterator(String)
    case resourceMissing(String)

    public var description: String {
        switch self {
        case .pathNotFound(let path):
            return "\(path): no such file or directory; check the path"
        case .noInputs(let paths):
            return
                "no readable inputs in \(paths.joined(separator: ", ")): give .txt, .md, .html, .htm, .jsonl, .warc, .warc.gz or .wacz files or folders holding them"
        case .breakIterator(let message):
            return "ICU break iterator could not be opened (\(message)); is libicu installed?"
        case .resourceMissing(let name):
            return "the resource \(name) is missing from the ClaimTrace bundle; rebuild the package"
        }
    }
}
