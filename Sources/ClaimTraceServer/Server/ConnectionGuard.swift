import Foundation
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// The connections of one server that are waiting for a request head (just opened, or idle
/// after a response), oldest first: at the connection cap, the one that has waited longest is
/// closed to make room, so that connections which never send a request cannot keep others out.
final class WaitingConnections: @unchecked Sendable {
    // @unchecked Sendable: `waiting` and `roomWanted` are only read and written under `lock`;
    // channels are Sendable, and closing one is safe from any thread.
    private let lock = NSLock()
    private var waiting: [ObjectIdentifier: (channel: any Channel, since: NIODeadline)] = [:]
    /// The cap is reached and no connection was waiting: close the next one that waits.
    private var roomWanted = false

    /// `channel` waits for a request head from now on.
    func startWaiting(_ channel: any Channel) {
        let evicted = lock.withLock { () -> (any Channel)? in
            waiting[ObjectIdentifier(channel)] = (channel, .now())
            guard roomWanted else { return nil }
            roomWanted = false
            return takeLongestWaiting()
        }
        evicted?.close(promise: nil)
    }

    /// `channel` is reading or answering a request, or is gone.
    func stopWaiting(_ channel: any Channel) {
        lock.withLock { _ = waiting.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes the connection that has waited longest for a request head, or, when none waits,
    /// the first one to wait from now on.
    /// - Complexity: O(n) in the connections waiting (at most the connection cap).
    func makeRoom() {
        let evicted = lock.withLock { () -> (any Channel)? in
            let oldest = takeLongestWaiting()
            roomWanted = oldest == nil
            return oldest
        }
        evicted?.close(promise: nil)
    }

    /// There is room (a connection closed by itself): nothing needs closing.
    func roomMade() {
        lock.withLock { roomWanted = false }
    }

    /// Under `lock`.
    private func takeLongestWaiting() -> (any Channel)? {
        guard let entry = waiting.min(by: { $0.value.since < $1.value.since }) else { return nil }
        waiting.removeValue(forKey: entry.key)
        return entry.value.channel
    }
}

/// The connection cap as Hummingbird's accept loop asks for it: below `limit` open connections
/// a new one is accepted; at the limit the connection that has waited longest for a request
/// head is closed (or, when none waits, the next to wait), and accepting resumes when a
/// connection has gone. So at the limit one slot is kept free for the next connection.
struct ConnectionCap: AvailableConnectionsDelegate {
    let limit: Int
    let waiting: WaitingConnections
    var open = 0

    mutating func connectionOpened() { open += 1 }

    mutating func connectionClosed() { open -= 1 }

    func isAcceptingNewConnections() -> Bool {
        guard open >= limit else {
            waiting.roomMade()
            return true
        }
        waiting.makeRoom()
        return false
    }
}

/// Closes a connection that has not sent a complete request head within `timeout` of opening
/// or of its previous response (a half-open connection, or one trickling its headers), and
/// keeps ``WaitingConnections`` up to date. One per connection, after the HTTP/1 decoder.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private let waiting: WaitingConnections
    private var deadline: Scheduled<Void>?
    /// Requests whose head has been read and whose response has not ended.
    private var inFlight = 0

    init(timeout: Duration, waiting: WaitingConnections) {
        self.timeout = TimeAmount(timeout)
        self.waiting = waiting
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm(context.channel)
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            inFlight += 1
            disarm(context.channel)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight -= 1
            if inFlight == 0 { arm(context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil, context.channel.isActive else { return }
        waiting.startWaiting(context.channel)
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [context] in
            context.close(promise: nil)
        }
    }

    private func disarm(_ channel: any Channel) {
        deadline?.cancel()
        deadline = nil
        waiting.stopWaiting(channel)
    }
}
