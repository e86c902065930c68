import ClaimTraceStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import ClaimTraceServer

/// A TCP connection to the server under test, written to and read from as raw bytes, so that a
/// test can send what an HTTP client would not (half a request head, two Host headers).
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        // Every read gives up after 30 s, so that a server that never answers fails the test.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What the server sends until it closes the connection (or 30 s pass: then `closed` is false).
    func readToEnd() -> (text: String, closed: Bool) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                data += buffer[0..<n]
            } else {
                return (String(decoding: data, as: UTF8.self), n == 0 || errno == ECONNRESET)
            }
        }
    }

    /// Whether the server still holds the connection (nothing to read yet, and not closed).
    var isOpen: Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// The first response the server sends (its head and as much body as came with it).
    func readResponse() -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
}

/// A task executor with threads of its own, away from Swift's cooperative pool. The tasks that
/// prefer it, and the child tasks they start (Hummingbird's connection handlers among them),
/// run here.
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    static let shared = DedicatedExecutor(threads: 4)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "tests.server.\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// The server on a real socket: slow or silent connections are closed, the number of
/// connections is capped, and the Host header is checked as the HTTP/1 decoder delivers it.
@Suite(.serialized) struct ConnectionTests {
    /// Runs `claimtrace serve`'s application on a free port of 127.0.0.1 (not through
    /// HummingbirdTesting's live framework, whose copy of the configuration drops the
    /// connection cap) for the time of `body`, then shuts it down gracefully, as `serve` is on
    /// a signal. (Cancelling its task instead traps in SwiftNIO when an accepted connection is
    /// still waiting to be handled: "Deinited NIOAsyncWriter without calling finish()".)
    static func withServer(_ configuration: ServerConfiguration, _ body: @Sendable (Int) async throws -> Void) async throws {
        var configuration = configuration
        configuration.port = 0
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(
            store: try ClaimTraceStore.inMemory(), configuration: configuration, onServerRunning: { listening.yield($0) })
        let group = ServiceGroup(services: [app], logger: Logger(label: "claimtrace.tests"))
        // On threads of its own: when every suite runs at once, Swift's cooperative pool (two
        // threads on a 2-core machine) has the other suites' tests queued ahead of the
        // server's handlers, and a prompt request went unanswered for over 120 s.
        let server = Task(executorPreference: DedicatedExecutor.shared) { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var failure: (any Error)?
        do {
            try await body(port)
        } catch {
            failure = error
        }
        await group.triggerGracefulShutdown()
        _ = await server.result
        if let failure { throw failure }
    }

    @Test func aConnectionThatSendsNoCompleteRequestHeadIsClosed() async throws {
        // Long enough that a busy machine reads a prompt request in time, short for a test.
        try await Self.withServer(ServerConfiguration(headerTimeout: .seconds(2), idleTimeout: .seconds(60))) { port in
            let silent = try RawConnection(port: port)
            let trickling = try RawConnection(port: port)
            trickling.send("GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            #expect(silent.readToEnd().closed, "a connection that sent nothing was kept open")
            #expect(trickling.readToEnd().closed, "a connection that sent half a head was kept open")
            // A connection that sends its request in time is answered, then closed when it idles.
            let prompt = try RawConnection(port: port)
            prompt.send("GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            let (text, closed) = prompt.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 200"), "\(text.prefix(200))")
            #expect(closed)
        }
    }

    @Test func atTheConnectionCapTheLongestIdleConnectionMakesRoom() async throws {
        try await Self.withServer(ServerConfiguration(headerTimeout: .seconds(60), maxConnections: 3)) { port in
            let idle = try (0..<3).map { _ in try RawConnection(port: port) }
            // Let the server accept them before the next one arrives.
            try await Task.sleep(for: .milliseconds(300))
            let fresh = try RawConnection(port: port)
            fresh.send("GET /api/v1/stats HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n")
            #expect(fresh.readToEnd().text.hasPrefix("HTTP/1.1 200"))
            // The idle ones were closed, longest waiting first, to keep below the cap.
            #expect(idle[0].readToEnd().closed)
            #expect(idle.filter(\.isOpen).count <= 2)
        }
    }

    @Test(arguments: [
        "Host: 127.0.0.1:PORT@evil.example\r\n", "Host: 127.0.0.1:PORT\r\nHost: evil.example\r\n", "Host: 127.0.0.1:PORT/x\r\n", "",
    ])
    func aHostThatIsNotExactlyOneLocalHostIsRefusedOnTheWire(_ hostLines: String) async throws {
        try await Self.withServer(ServerConfiguration()) { port in
            let connection = try RawConnection(port: port)
            connection.send("GET /api/v1/stats HTTP/1.1\r\n" + hostLines.replacingOccurrences(of: "PORT", with: "\(port)") + "Connection: close\r\n\r\n")
            let response = connection.readResponse()
            #expect(response.hasPrefix("HTTP/1.1 400"), "\(hostLines): \(response.prefix(120))")
        }
    }
}
