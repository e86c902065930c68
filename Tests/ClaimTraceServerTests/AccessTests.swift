import ClaimTraceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClaimTraceServer

/// Who may ask: the Host a request names, the redirect after a token visit, the token itself.
@Suite struct AccessTests {
    typealias Access = AccessMiddleware<BasicRequestContext>

    @Test func anAuthorityIsAHostAndADecimalPortNothingElse() {
        for authority in ["localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080", "[::1]", "LOCALHOST:1"] {
            #expect(Access.isLoopbackAuthority(authority), "\(authority)")
        }
        // Userinfo, paths, empty or non-decimal ports and stray characters make it another host or no host.
        for authority in [
            "127.0.0.1:8080@evil.com", "127.0.0.1@evil.com", "localhost:8080/evil.com", "localhost:", "localhost:80x",
            "localhost:+80", "[::1]x", "[::1]:", "127.0.0.1 evil.com", "localhost\\@evil.com", "localhost:99999999999999999999",
        ] {
            #expect(!Access.isLoopbackAuthority(authority), "\(authority)")
        }
    }

    @Test func aMalformedOrDoubledHostIsA400() async throws {
        let store = try ServerTests.makeStore()
        try await ServerTests.app(store).test(.router) { client in
            // The test client names "localhost" as the authority; a second Host field is left in the headers.
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: [HTTPField.Name("Host")!: "evil.example"]) { response in
                #expect(response.status == .badRequest)
                #expect(ServerTests.text(response).contains("Host"))
            }
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: [HTTPField.Name("Host")!: "localhost"]) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: ["/\\evil.example/", "/\\/evil.example/", "//\\evil.example", "/%5C%5Cevil.example/", "/\t/evil.example/"])
    func theRedirectAfterATokenVisitStaysOnThisSite(_ path: String) async throws {
        let store = try ServerTests.makeStore()
        let token = "s3cret-token-for-tests-0123"
        try await ServerTests.app(store, ServerConfiguration(token: token)).test(.router) { client in
            try await client.execute(uri: path + "?token=\(token)", method: .get) { response in
                #expect(response.status == .seeOther)
                let location = try #require(response.headers[.location])
                // A browser reads "/\" like "//": both name another host. So do tabs and newlines, which it drops.
                #expect(location.hasPrefix("/"), "\(location)")
                #expect(!location.dropFirst().hasPrefix("/") && !location.dropFirst().hasPrefix("\\"), "\(location)")
                #expect(!location.contains("\\") && !location.contains("\t"), "\(location)")
            }
        }
    }

    @Test(arguments: [String(repeating: " ", count: 16), "token with spaces in it", "tab\tseparated-token-0123", "newline\nin-the-token-0123", "nul\u{0}in-the-token-0123456", "semicolon;breaks-the-cookie", "non-ascii-tökén-0123456789"])
    func aTokenThatCouldNeverMatchIsRefusedAtStartup(_ token: String) {
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(token: token).validate() }
        do {
            try ServerConfiguration(token: token).validate()
        } catch {
            #expect(error.description.contains("openssl rand -hex"), "\(error.description)")
        }
    }

    @Test func aGoodTokenIsStillAccepted() throws {
        try ServerConfiguration(token: "Abc-123_456.789~xyz").validate()
        try ServerConfiguration(host: "0.0.0.0", token: String(repeating: "f", count: 48)).validate()
    }
}
