/// How `claimtrace serve` runs: where it listens, who may use it, how much it accepts.
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

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, maxUploadBytes: Int = 5 * 1024 * 1024,
        pageSize: Int = 50, maxPageSize: Int = 200
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.maxUploadBytes = maxUploadBytes
        self.pageSize = pageSize
        self.maxPageSize = maxPageSize
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

    /// Checks the combination before the server starts.
    public func validate() throws(ServerConfigurationError) {
        if let token, token.count < Self.minimumTokenLength {
            throw .weakToken(length: token.count)
        }
        if !Self.isLoopback(host), token == nil {
            throw .tokenRequired(host: host)
        }
        guard (0...65535).contains(port) else { throw .badPort(port) }
        guard maxUploadBytes > 0, pageSize > 0, maxPageSize >= pageSize else { throw .badLimits }
    }
}

/// Why a configuration was refused; each says what to do.
public enum ServerConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    case tokenRequired(host: String)
    case weakToken(length: Int)
    case badPort(Int)
    case badLimits

    public var description: String {
        switch self {
        case .tokenRequired(let host):
            return "listening on \(host) makes the corpus reachable from other machines: give a token with --token or CLAIMTRACE_TOKEN (at least \(ServerConfiguration.minimumTokenLength) characters), or listen on 127.0.0.1"
        case .weakToken(let length):
            return "the token has \(length) characters; use at least \(ServerConfiguration.minimumTokenLength) (for example: openssl rand -hex 24)"
        case .badPort(let port):
            return "port \(port) is not between 0 and 65535"
        case .badLimits:
            return "the upload limit and page sizes must be positive, and the largest page size at least the default one"
        }
    }
}
