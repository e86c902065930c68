import CHTMLShim
import Foundation

// MARK: - DOM helpers

/// A node of a parsed page (valid while its document lives).
struct HTMLNode: Equatable {
    let raw: UnsafeRawPointer

    init(_ raw: UnsafeRawPointer) { self.raw = raw }

    var isElement: Bool { ct_html_kind(raw) == Int32(CT_NODE_ELEMENT) }
    var isText: Bool { ct_html_kind(raw) == Int32(CT_NODE_TEXT) }

    /// Lower-case element name.
    var tag: String { ct_html_name(raw).map { String(cString: $0).lowercased() } ?? "" }

    /// A text node's bytes.
    var textBytes: UnsafeBufferPointer<UInt8>? {
        guard let text = ct_html_text(raw) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }

    func attribute(_ name: String) -> String? { ct_html_attribute(raw, name).map { String(cString: $0) } }

    var children: [HTMLNode] {
        var out: [HTMLNode] = []
        var child = ct_html_first_child(raw)
        while let c = child {
            out.append(HTMLNode(c))
            child = ct_html_next_sibling(c)
        }
        return out
    }

    /// The concatenated text of the subtree (bounded by an explicit stack, not recursion).
    var textContent: String {
        var out: [UInt8] = []
        var stack: [HTMLNode] = [self]
        while let node = stack.popLast() {
            if let bytes = node.textBytes {
                out.append(contentsOf: bytes)
            } else if node.isElement {
                stack.append(contentsOf: node.children.reversed())
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
