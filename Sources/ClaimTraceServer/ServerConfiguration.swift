/// How `claimtrace serve` runs: where it listens, who may use it, how much it accepts, and how
/// long it waits.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Required on every request when set: `Authorization: Bearer TOKEN`, or the cookie a
    /// browser gets by opening any page once with `?token=TOKEN`.
    public var token: String?
    /// The largest request body accepted (an uploaded article), in bytes.
    public var maxUploadBytes: Int
    /// Items on one page of a list, unless the request asks for fewer (at most `maxPageSize`).
    public var pageSize: Int
    public var maxPageSize: Int
    /// How long a connection may take to send the head of a request, from its opening or from
    /// its previous response; a connection that sends nothing, or trickles, is then closed.
    public var headerTimeout: Duration
    /// How long a connection may stay silent while a request body is being received (and at
    /// most between requests).
    public var idleTimeout: Duration
    /// Open connections at most. At the limit, the connection that has waited longest for a
    /// request head is closed to make room; when none is waiting, new ones wait to be accepted.
    public var maxConnections: Int
    /// Uploads queued or being analysed at most; beyond, an upload is refused with 503 and
    /// `Retry-After`.
    public var uploadQueueCapacity: Int
    /// How long one full-text search may run; it then stops and answers with what it found.
    public var searchTimeout: Duration
    /// Matching documents a search counts, and pages through, at most.
    public var searchResultCap: Int
    /// Searches run at once; the others wait their turn (other reads go on beside them).
    public var concurrentSearches: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, maxUploadBytes: Int = 5 * 1024 * 1024,
        pageSize: Int = 50, maxPageSize: Int = 200, headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30),
        maxConnections: Int = 512, uploadQueueCapacity: Int = 32, searchTimeout: Duration = .seconds(2),
        searchResultCap: Int = 1000, concurrentSearches: Int = 2
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.maxUploadBytes = maxUploadBytes
        self.pageSize = pageSize
        self.maxPageSize = maxPageSize
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.uploadQueueCapacity = uploadQueueCapacity
        self.searchTimeout = searchTimeout
        self.searchResultCap = searchResultCap
        self.concurrentSearches = concurrentSearches
    }

    /// Whether `host` names this machine only (the server is then reachable from here alone).
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        // 127.0.0.0/8, written as a dotted quad (not a name that merely starts with "127.").
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The shortest token accepted: anything shorter is guessable.
    public static let minimumTokenLength = 16

    /// What a token may not hold, described, or nil when it is fine. A token travels in an
    /// `Authorization` header (trimmed of spaces) and in a cookie (which cannot carry `"`, `,`,
    /// `;` or `\`): a token with white space, control characters, those four or non-ASCII
    /// letters could never match what a client sends back.
    public static func tokenProblem(_ token: String) -> String? {
        for scalar in token.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D: return "white space"
            case 0..<0x20, 0x7F: return "a control character"
            case 0x80...: return "a character that is not ASCII"
            default:
                if "\",;\\".unicodeScalars.contains(scalar) { return "“\(scalar)”, which a cookie cannot carry" }
            }
        }
        return nil
    }

    /// Checks the combination before the server starts.
    public func validate() throws(ServerConfigurationError) {
        if let token, let problem = Self.tokenProblem(token) {
            throw .badToken(problem)
        }
        if let token, token.count < Self.minimumTokenLength {
            throw .weakToken(length: token.count)
        }
        if !Self.isLoopback(host), token == nil {
            throw .tokenRequired(host: host)
        }
        guard (0...65535).contains(port) else { throw .badPort(port) }
        guard maxUploadBytes > 0, pageSize > 0, maxPageSize >= pageSize else { throw .badLimits }
        guard headerTimeout > .zero, idleTimeout > .zero, searchTimeout > .zero else { throw .badTimeouts }
        guard maxConnections >= 2, uploadQueueCapacity >= 1, searchResultCap >= maxPageSize, concurrentSearches >= 1 else {
            throw .badCapacities
        }
    }
}

/// Why a configuration was refused; each says what to do.
public enum ServerConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    case tokenRequired(host: String)
    case weakToken(length: Int)
    case badToken(String)
    case badPort(Int)
    case badLimits
    case badTimeouts
    case badCapacities

    public var description: String {
        switch self {
        case .tokenRequired(let host):
            return "listening on \(host) makes the corpus reachable from other machines: give a token with --token or CLAIMTRACE_TOKEN (at least \(ServerConfiguration.minimumTokenLength) characters), or listen on 127.0.0.1"
        case .weakToken(let length):
            return "the token has \(length) characters; use at least \(ServerConfiguration.minimumTokenLength) (for example: openssl rand -hex 24)"
        case .badToken(let problem):
            return "the token holds \(problem), so no request could ever match it; use letters, digits and - . _ ~ only (for example: openssl rand -hex 24)"
        case .badPort(let port):
            return "port \(port) is not between 0 and 65535"
        case .badLimits:
            return "the upload limit and page sizes must be positive, and the largest page size at least the default one"
        case .badTimeouts:
            return "the header, idle and search timeouts must be longer than zero"
        case .badCapacities:
            return "allow at least 2 connections, 1 queued upload and 1 search at a time, and a search result cap no smaller than the largest page"
        }
    }
}
