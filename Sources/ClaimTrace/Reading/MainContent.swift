import CHTMLShim
import Foundation

/// Finds a page's article in its DOM: which elements hold the main text, so that the renderer
/// can make everything else an excluded region.
///
/// The rules, by name (``Decision/rule`` says which chose the article):
/// - `paragraph-score` (readability-style): every block with 25 characters or more of its own
///   text (not in a link-dense block) is a paragraph; its score, 1 + its commas + its length
///   in hundreds of characters (at most 3), goes to its parent whole, to its grandparent
///   halved and to three more ancestors a third of a level each. An element's score is then
///   weighted by its class/id words (content words up, furniture words down, from
///   `Resources/extraction-cues.txt`) and by its text that is not link text.
/// - `common-ancestor`: when three of the five best elements share an ancestor within a few
///   levels, the article is that ancestor (paragraphs wrapped one `<div>` each).
/// - `paragraph-mass`: when the choice holds under half the page's paragraph text, the nearest
///   ancestor (up to five levels, below `<body>`) holding 60% of it, if under 15% of its text
///   is link text.
/// - `siblings`: the best element's siblings join when they score a fifth of it, or are
///   plain paragraphs (80 characters or more, under a quarter link text).
/// - `declared-body`: an element marked `itemprop="articleBody"` that holds most of the chosen
///   text is taken whole, widening the choice.
/// - `paragraph-rescue` (jusText-style, `MainContent+Paragraphs.swift`): blocks outside the
///   choice and outside furniture that read as prose (length, link text, stopword share, their
///   neighbours) join it: an article split over several containers.
/// When no paragraph is found, ``Decision/problem`` says why (a JavaScript shell, a login
/// wall, only link lists) and the renderer keeps its markup-only rules.
///
/// - Complexity: O(n) in the number of nodes: one traversal to flatten the DOM, passes over
///   the flat arrays, ancestor walks bounded to a few levels (a hostile page's deep nesting
///   costs at most that many steps per paragraph).
struct MainContent {
    /// What was chosen.
    struct Decision {
        /// The outermost elements whose text is the article.
        var main: Set<UnsafeRawPointer> = []
        /// The elements that hold an article element (their furniture words are not trusted).
        var holdsMain: Set<UnsafeRawPointer> = []
        /// The rule that settled the choice, nil when none found an article.
        var rule: String?
        /// Blocks inside the article that are lists of links (`link-list`): two links or more
        /// and half their text or more in links.
        var linkLists: Set<UnsafeRawPointer> = []
        /// Why no article text was found (nil for a short fragment: it is kept as it is).
        var problem: String?
    }

    /// Most ancestor steps from a paragraph, or from a candidate looking for a shared ancestor.
    static let ancestorSteps = 5
    /// Most levels a widening rule walks up from the chosen element.
    static let widenSteps = 10

    let cues: ExtractionCues

    /// - Complexity: O(n) in the number of nodes.
    func find(_ root: HTMLNode, skipped: Set<String>, blocks: Set<String>) -> Decision {
        let dom = FlatDOM(root, skipped: skipped, blocks: blocks)
        let n = dom.count
        guard n > 0 else { return Decision(problem: "the page holds no elements") }

        // Paragraph scores, given to ancestors.
        var score = [Double](repeating: 0, count: n)
        var paragraphs = 0
        var paragraphChars = [Int](repeating: 0, count: n)
        for i in 0..<n where dom.isBlock[i] && dom.inlineChars[i] >= 25 && !dom.isHeading[i] {
            let chars = Double(dom.inlineChars[i])
            if Double(dom.inlineLinkChars[i]) > chars * 0.5 { continue }
            paragraphs += 1
            paragraphChars[i] = dom.inlineChars[i]
            let s = 1 + Double(dom.inlineCommas[i]) + min(3, chars / 100)
            var a = dom.parent[i]
            var level = 0
            while a >= 0, level < Self.ancestorSteps {
                score[Int(a)] += level == 0 ? s : level == 1 ? s / 2 : s / Double(level * 3)
                level += 1
                a = dom.parent[Int(a)]
            }
        }
        guard paragraphs > 0 else { return Decision(problem: dom.emptyReason()) }

        // Candidates: weighted by class words and by their text outside links.
        var final = [Double](repeating: 0, count: n)
        var best = -1
        for i in 0..<n where score[i] > 0 {
            let linkDensity = dom.chars[i] == 0 ? 0 : Double(dom.linkChars[i]) / Double(dom.chars[i])
            final[i] = (score[i] + cues.classWeight(dom.names(i)) + Self.tagWeight(dom.tag[i])) * (1 - linkDensity)
            if best < 0 || final[i] > final[best] { best = i }
        }
        guard best >= 0, final[best] > 0 else { return Decision(problem: dom.emptyReason()) }
        var rule = "paragraph-score"

        // Common ancestor of the leading candidates.
        let leaders = (0..<n).filter { final[$0] >= final[best] * 0.75 && $0 != best }.sorted { final[$0] > final[$1] }.prefix(4)
        if leaders.count >= 2 {
            var a = dom.parent[best]
            var steps = 0
            while a > 0, steps < Self.widenSteps, dom.tag[Int(a)] != "body" {
                let held = leaders.filter { dom.isAncestor(Int(a), of: $0, within: Self.widenSteps * 2) }.count
                if held >= 2 {
                    best = Int(a)
                    rule = "common-ancestor"
                    break
                }
                a = dom.parent[Int(a)]
                steps += 1
            }
        }

        // A declared article body that holds the choice, or that the choice holds most of.
        if let declared = (0..<n).first(where: { dom.declaresBody($0) }), declared != best,
            dom.chars[declared] * 2 >= dom.chars[best]
        {
            if dom.isAncestor(declared, of: best, within: Int.max) || dom.isAncestor(best, of: declared, within: Int.max) {
                if dom.chars[declared] >= dom.chars[best] {
                    best = declared
                    rule = "declared-body"
                }
            }
        }

        // Paragraph text held by each element (children come after their parent).
        for i in stride(from: n - 1, through: 1, by: -1) where dom.parent[i] >= 0 {
            paragraphChars[Int(dom.parent[i])] += paragraphChars[i]
        }
        // `more-text`: a candidate scoring half as well that holds twice the paragraph text
        // (the best score went to a small box of long sentences: a consent notice, a form).
        var bestMass = best
        for i in 0..<n where final[i] >= final[best] * 0.5 && paragraphChars[i] >= paragraphChars[bestMass] * 2
            && dom.linkChars[i] * 4 < dom.chars[i]
        {
            if paragraphChars[i] > paragraphChars[bestMass] { bestMass = i }
        }
        if bestMass != best {
            best = bestMass
            rule = "more-text"
        }

        // `paragraph-mass`: when the choice holds under half the page's paragraph text, the
        // nearest ancestor (a few levels up, below <body>) that holds most of it, unless it is
        // link-heavy (a page of teasers).
        if paragraphChars[best] * 10 < paragraphChars[0] * 7 {
            var a = dom.parent[best]
            var steps = 0
            while a > 0, steps < Self.widenSteps, dom.tag[Int(a)] != "body" {
                let x = Int(a)
                if paragraphChars[x] * 10 >= paragraphChars[0] * 6 {
                    if dom.linkChars[x] * 100 < dom.chars[x] * 15 {
                        best = x
                        rule = "paragraph-mass"
                    }
                    break
                }
                a = dom.parent[x]
                steps += 1
            }
        }

        // Siblings that read like the article.
        var main: [Int] = [best]
        let parent = dom.parent[best]
        if parent >= 0, dom.tag[Int(parent)] != "html" {
            let threshold = max(10, final[best] * 0.2)
            let bestClass = dom.className(best)
            for i in 0..<n where dom.parent[i] == parent && i != best {
                let chars = dom.chars[i]
                guard chars > 0 else { continue }
                let linkDensity = Double(dom.linkChars[i]) / Double(chars)
                var bonus = 0.0
                if let bestClass, !bestClass.isEmpty, dom.className(i) == bestClass { bonus = final[best] * 0.2 }
                if final[i] + bonus >= threshold || (chars >= 80 && linkDensity < 0.25 && dom.isBlock[i] && !dom.isFurnitureTag(i)) {
                    main.append(i)
                }
            }
        }

        main += Self.rescued(dom, main: main, cues: cues)

        var decision = Decision(rule: rule)
        for i in main { decision.main.insert(dom.raw[i]) }
        // Link lists inside the article (an element comes after its parent: one pass). The
        // article's own elements are never one, however many teasers they hold.
        // `holds-most-text`: an element inside the article that holds half its paragraph text
        // or more is neither a link list nor furniture, whatever its class says (a wide choice,
        // `<body>` or a page wrapper, holds the real article in a box named "widget-area").
        let mainParagraphChars = main.reduce(0) { $0 + paragraphChars[$1] }
        var inMain = [Bool](repeating: false, count: n)
        for i in main { inMain[i] = true }
        for i in 1..<n {
            let p = Int(dom.parent[i])
            let isMain = inMain[i]
            if p >= 0, inMain[p] { inMain[i] = true }
            guard inMain[i], !isMain else { continue }
            if mainParagraphChars > 0, paragraphChars[i] * 2 >= mainParagraphChars {
                decision.holdsMain.insert(dom.raw[i])
            } else if dom.isBlock[i], dom.links[i] >= 2, dom.linkChars[i] * 2 >= dom.chars[i] {
                decision.linkLists.insert(dom.raw[i])
            }
        }
        // Their ancestors (a walk that stops where an earlier walk passed).
        var marked = Set<Int32>()
        for i in main {
            var a = dom.parent[i]
            while a >= 0, marked.insert(a).inserted {
                decision.holdsMain.insert(dom.raw[Int(a)])
                a = dom.parent[Int(a)]
            }
        }
        return decision
    }

    private static func tagWeight(_ tag: String) -> Double {
        switch tag {
        case "div", "article", "main", "section": return 5
        case "pre", "td", "blockquote": return 3
        case "ol", "ul", "dl", "dd", "dt", "li", "form", "address": return -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": return -5
        default: return 0
        }
    }
}

/// The page's elements in document order, with the counts the scoring reads.
struct FlatDOM {
    var raw: [UnsafeRawPointer] = []
    var parent: [Int32] = []
    var tag: [String] = []
    var isBlock: [Bool] = []
    var isHeading: [Bool] = []
    /// Visible characters in the subtree, and in links.
    var chars: [Int] = []
    var linkChars: [Int] = []
    /// Links (`<a>` elements) in the subtree.
    var links: [Int] = []
    /// Characters, link characters and commas of a block's own inline text (not its blocks').
    var inlineChars: [Int] = []
    var inlineLinkChars: [Int] = []
    var inlineCommas: [Int] = []
    /// Words and stopwords (``Stopwords``) of a block's own inline text.
    var inlineWords: [Int] = []
    var inlineStopwords: [Int] = []
    var scripts = 0
    var passwordInputs = 0

    var count: Int { raw.count }

    /// - Complexity: O(n) in the number of nodes.
    init(_ root: HTMLNode, skipped: Set<String>, blocks: Set<String>) {
        var stack: [(node: HTMLNode, parent: Int32, block: Int32, inLink: Bool)] = [(root, -1, -1, false)]
        while let (node, parentIndex, block, inLink) = stack.popLast() {
            if let bytes = node.textBytes {
                let (c, commas) = Self.count(bytes)
                guard c > 0, parentIndex >= 0 else { continue }
                if block >= 0 {
                    let (w, s) = Stopwords.shared.count(bytes)
                    inlineWords[Int(block)] += w
                    inlineStopwords[Int(block)] += s
                }
                chars[Int(parentIndex)] += c
                if inLink { linkChars[Int(parentIndex)] += c }
                if block >= 0 {
                    inlineChars[Int(block)] += c
                    inlineCommas[Int(block)] += commas
                    if inLink { inlineLinkChars[Int(block)] += c }
                }
                continue
            }
            guard node.isElement else { continue }
            let name = node.tag
            if name == "input", node.attribute("type")?.lowercased() == "password" { passwordInputs += 1 }
            if skipped.contains(name) {
                if name == "script", node.attribute("type")?.lowercased().contains("json") != true { scripts += 1 }
                if name == "head" { countInside(node) }
                continue
            }
            let index = Int32(raw.count)
            let isBlockTag = blocks.contains(name) || name == "td" || name == "th"
            raw.append(node.raw)
            parent.append(parentIndex)
            tag.append(name)
            isBlock.append(isBlockTag)
            isHeading.append(name.count == 2 && name.first == "h" && name.last.map { ("1"..."6").contains($0) } == true)
            chars.append(0)
            linkChars.append(0)
            links.append(name == "a" ? 1 : 0)
            inlineChars.append(0)
            inlineLinkChars.append(0)
            inlineCommas.append(0)
            inlineWords.append(0)
            inlineStopwords.append(0)
            let childBlock = isBlockTag ? index : block
            let childInLink = inLink || name == "a"
            for c in node.children.reversed() { stack.append((c, index, childBlock, childInLink)) }
        }
        // Subtree sums: a child comes after its parent in document order.
        for i in stride(from: raw.count - 1, through: 1, by: -1) where parent[i] >= 0 {
            chars[Int(parent[i])] += chars[i]
            linkChars[Int(parent[i])] += linkChars[i]
            links[Int(parent[i])] += links[i]
        }
    }

    /// Password fields and scripts inside an element the renderer skips whole (a form, the
    /// head); at most 10,000 nodes are looked at.
    private mutating func countInside(_ skipped: HTMLNode) {
        var stack = skipped.children
        var budget = 10_000
        while let node = stack.popLast(), budget > 0 {
            budget -= 1
            guard node.isElement else { continue }
            switch node.tag {
            case "input": if node.attribute("type")?.lowercased() == "password" { passwordInputs += 1 }
            case "script": if node.attribute("type")?.lowercased().contains("json") != true { scripts += 1 }
            default: stack.append(contentsOf: node.children)
            }
        }
    }

    /// Visible characters (UTF-8 lead bytes that are not white space) and commas (`,`, `，`,
    /// `、`, `،`).
    static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> (chars: Int, commas: Int) {
        var chars = 0
        var commas = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                i += 1
                continue
            }
            if b & 0xC0 != 0x80 { chars += 1 }
            if b == 0x2C {
                commas += 1
            } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x8C {
                commas += 1
            } else if b == 0xE3, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x81 {
                commas += 1
            } else if b == 0xD8, i + 1 < n, bytes[i + 1] == 0x8C {
                commas += 1
            }
            i += 1
        }
        return (chars, commas)
    }

    /// The element's class and id, lower case.
    func names(_ i: Int) -> String {
        let node = HTMLNode(raw[i])
        return ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
    }

    func className(_ i: Int) -> String? { HTMLNode(raw[i]).attribute("class") }

    func declaresBody(_ i: Int) -> Bool {
        guard chars[i] >= 200 else { return false }
        return HTMLNode(raw[i]).attribute("itemprop")?.lowercased().contains("articlebody") == true
    }

    func isFurnitureTag(_ i: Int) -> Bool { ["nav", "aside", "footer", "header", "form"].contains(tag[i]) }

    /// Whether `a` is `b` or one of its ancestors at most `within` levels up.
    func isAncestor(_ a: Int, of b: Int, within: Int) -> Bool {
        var x = Int32(b)
        var steps = 0
        while x >= 0, steps <= within {
            if Int(x) == a { return true }
            x = parent[Int(x)]
            steps += 1
        }
        return false
    }

    /// Why a page without paragraphs has no article, in words.
    /// Nil for a short page of plain text (a fragment) and for a page without text (the
    /// reader says that already).
    func emptyReason() -> String? {
        let total = chars.first ?? 0
        if total == 0 { return nil }
        if passwordInputs > 0, total < 2000 { return "a login wall (a password field and \(total) characters of text)" }
        if scripts > 0, total < 200 { return "a JavaScript shell (\(scripts) script\(scripts == 1 ? "" : "s"), \(total) characters of text)" }
        if total < 200 { return nil }
        return "no paragraph of text (\(total) characters, in links, headings or short lines)"
    }
}

/// Class and id words that say an element is content or furniture, from
/// `Resources/extraction-cues.txt`.
struct ExtractionCues: Sendable {
    /// Words that weigh a paragraph score up (content) or down (furniture).
    let content: [[UInt8]]
    let furniture: [[UInt8]]
    /// Words that make an element an excluded region of a kind, in the file's order (the
    /// first that a class token holds wins), and the words that protect a token from them.
    let regionWords: [(word: [UInt8], kind: BoilerplateKind)]
    let protectingWords: [[UInt8]]

    static let shared = ExtractionCues()

    init() {
        var content: [[UInt8]] = []
        var furniture: [[UInt8]] = []
        var regionWords: [([UInt8], BoilerplateKind)] = []
        var protectingWords: [[UInt8]] = []
        if let url = Bundle.module.url(forResource: "extraction-cues", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        {
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: "\t")
                guard parts.count >= 2 else { continue }
                let word = Array(parts[parts.count - 1].trimmingCharacters(in: .whitespaces).lowercased().utf8)
                guard !word.isEmpty else { continue }
                switch (parts[0], parts.count) {
                case ("content", 2): content.append(word)
                case ("furniture", 2): furniture.append(word)
                case ("protect", 2): protectingWords.append(word)
                case ("region", 3):
                    if let kind = BoilerplateKind(rawValue: String(parts[1])) { regionWords.append((word, kind)) }
                default: break
                }
            }
        }
        self.content = content
        self.furniture = furniture
        self.regionWords = regionWords.map { (word: $0.0, kind: $0.1) }
        self.protectingWords = protectingWords
    }

    /// +25 for a content word in the class/id, -25 for a furniture word (both can apply).
    func classWeight(_ names: String) -> Double {
        guard names.utf8.count > 1 else { return 0 }
        let bytes = Array(names.utf8)
        var weight = 0.0
        if content.contains(where: { ByteSearch.contains(bytes, $0) }) { weight += 25 }
        if furniture.contains(where: { ByteSearch.contains(bytes, $0) }) { weight -= 25 }
        return weight
    }

}
