import Foundation

/// Marks site furniture as excluded regions, by generic signals rather than site names.
///
/// 1. Each paragraph is read as a block (Markdown decoration removed, link density measured).
/// 2. A block is furniture when: the markup says so (`<nav>`, `class="share"`); a cue phrase
///    from `Resources/boilerplate-cues-LANG.txt` fires (weak cues only on short blocks); it is a
///    separator, a breadcrumb trail near the top, a byline or dateline line, a line that is
///    only a date or time in figures (`numeric-date-line`), a short link-dense line, or a
///    sign-off biography near the end.
/// 3. Propagation: the teasers under a "Check Also"/"Related" heading, the biography under an
///    "About the author" heading, and whole tail sections
///    between rules that are mostly furniture and hold an advert cue (a book advert's blurb);
///    then short unpunctuated lines after the last paragraph of prose (`tail-labels`) and,
///    among the last text blocks, a sign-off biography and a "Source: ..." trailer.
/// 4. An inline dateline ("XY Monitoring Desk-CITY:") is excluded on its own, not its paragraph.
public struct BoilerplateDetector: Sendable {
    private let prefixCues: [(phrase: [UInt8], cue: BoilerplateCue)]
    private let lineCues: [[UInt8]: BoilerplateCue]
    private let containsCues: [UInt64: [(phrase: [UInt8], cue: BoilerplateCue)]]  // by first word's ByteKey

    /// Longest block (in words) a weak cue may exclude, and with two weak cues.
    public let weakCueMaxWords: Int
    public let multiCueMaxWords: Int

    public init(lexicon: Lexicon = .shared, weakCueMaxWords: Int = 40, multiCueMaxWords: Int = 160) {
        var prefix: [([UInt8], BoilerplateCue)] = []
        var line: [[UInt8]: BoilerplateCue] = [:]
        var contains: [UInt64: [([UInt8], BoilerplateCue)]] = [:]
        for cue in lexicon.boilerplateCues {
            let phrase = Array(cue.phrase.utf8)
            switch cue.match {
            case .prefix: prefix.append((phrase, cue))
            case .line: line[phrase] = cue
            case .contains:
                let first = String(decoding: phrase.prefix { $0 != 0x20 }, as: UTF8.self)
                guard let key = ByteKey.lower(first) else { continue }
                contains[key, default: []].append((phrase, cue))
            }
        }
        prefixCues = prefix.map { (phrase: $0.0, cue: $0.1) }
        lineCues = line
        containsCues = contains.mapValues { $0.map { (phrase: $0.0, cue: $0.1) } }
        self.weakCueMaxWords = weakCueMaxWords
        self.multiCueMaxWords = multiCueMaxWords
    }

    /// The excluded regions of `text`, sorted and non-overlapping.
    /// - Complexity: O(n) in the text length.
    public func detect(_ text: String, paragraphs: [TextRange], hints: ReaderHints) -> [ExcludedRegion] {
        detect(text, paragraphs: paragraphs, blocks: ParagraphBlocks(text, paragraphs: paragraphs, hints: hints), hints: hints)
    }

    /// The same, with the paragraphs' blocks already built (the pipeline shares them).
    public func detect(_ text: String, paragraphs: [TextRange], blocks: ParagraphBlocks, hints: ReaderHints)
        -> [ExcludedRegion]
    {
        var copy = text
        return copy.withUTF8 { detect(bytes: $0, paragraphs: paragraphs, blocks: blocks.items, hints: hints) }
    }

    private enum Verdict: Equatable {
        case text
        case furniture(BoilerplateKind, cue: Bool)
        case separator
    }

    func detect(bytes b: UnsafeBufferPointer<UInt8>, paragraphs: [TextRange], blocks: [BlockText], hints: ReaderHints)
        -> [ExcludedRegion]
    {
        let headingSet = Set(hints.headings.map(\.start))
        var verdicts = [Verdict](repeating: .text, count: blocks.count)
        let totalWords = max(1, blocks.reduce(0) { $0 + $1.words })
        var markup = MarkupFurniture(hints.furniture)

        // 2. Block by block.
        var wordsBefore = 0
        for (i, block) in blocks.enumerated() {
            defer { wordsBefore += block.words }
            let range = paragraphs[i]
            let nearTop = wordsBefore < 120 || i < 4
            if let kind = markup.kind(of: range) {
                // The markup's generic kinds (everything outside the article is navigation)
                // yield to what the line itself says it is: a byline, a copyright line.
                var specific: BoilerplateKind?
                if Self.genericMarkupKinds.contains(kind), block.words > 0 {
                    specific = cueKind(block)
                        ?? (nearTop && isBreadcrumb(block) ? .breadcrumb : nil)
                        ?? (nearTop && (NewsLines.byline(block) != nil || NewsLines.dateline(block) != nil) ? .byline : nil)
                }
                verdicts[i] = .furniture(specific ?? kind, cue: specific != nil)
                continue
            }
            if block.words == 0 {
                verdicts[i] = .separator
                continue
            }
            if NewsLines.isNumericDateOrTime(block) {
                verdicts[i] = .furniture(.byline, cue: false)
                continue
            }
            if let kind = cueKind(block) {
                verdicts[i] = .furniture(kind, cue: true)
                continue
            }
            if nearTop, isBreadcrumb(block) {
                verdicts[i] = .furniture(.breadcrumb, cue: false)
                continue
            }
            if nearTop, NewsLines.byline(block) != nil || NewsLines.dateline(block) != nil {
                verdicts[i] = .furniture(.byline, cue: false)
                continue
            }
            if block.words <= 30, block.linkDensity >= 0.6, !headingSet.contains(range.start) {
                verdicts[i] = .furniture(.navigation, cue: false)
                continue
            }
        }

        // 3a. Teasers under a related-content heading (up to six), and the name and biography
        // under an "About the author" heading (up to three).
        for i in blocks.indices {
            guard case .furniture(let kind, _) = verdicts[i], kind == .related || kind == .authorBox, blocks[i].words <= 4
            else { continue }
            let most = kind == .related ? 6 : 3
            var j = i + 1
            while j < blocks.count, j <= i + most, verdicts[j] == .text, blocks[j].words <= 90 {
                verdicts[j] = .furniture(kind, cue: false)
                j += 1
            }
        }

        // 3b. Sections between separators: a section after the article's main section that is
        // mostly furniture and holds an advert cue is an advert as a whole.
        let breaks = hints.sectionBreaks.sorted()
        var sections: [Range<Int>] = []
        var start = 0
        for i in blocks.indices {
            // A rule in the markup between the previous block's start and this one's.
            let afterPrevious = i == 0 ? 0 : breaks.partitionPoint { $0 > paragraphs[i - 1].start }
            let startsNew = verdicts[i] == .separator || (afterPrevious < breaks.count && breaks[afterPrevious] <= paragraphs[i].start)
            if startsNew, i > start {
                sections.append(start..<i)
                start = i
            }
        }
        if start < blocks.count { sections.append(start..<blocks.count) }
        // (Each section's words counted once, not once per comparison.)
        let sectionTextWords = sections.map { s in s.reduce(0) { verdicts[$1] == .text ? $0 + blocks[$1].words : $0 } }
        if let main = sections.indices.max(by: { sectionTextWords[$0] < sectionTextWords[$1] }) {
            for s in sections.indices where s > main {
                let section = sections[s]
                let content = section.filter { verdicts[$0] != .separator }
                let furniture = content.filter { if case .furniture = verdicts[$0] { return true } else { return false } }
                // (An advert's own text: a bare label such as "Advertisement" or "Anzeige" marks an ad
                // slot, often inside the article, and says nothing about the section.)
                let hasAdvert = section.contains { verdicts[$0] == .furniture(.advert, cue: true) && blocks[$0].words > 2 }
                let sectionWords = section.reduce(0) { $0 + blocks[$1].words }
                // At least a third of the section's blocks are furniture already.
                guard hasAdvert, furniture.count * 3 >= content.count, sectionWords * 2 < totalWords else { continue }
                for i in section where verdicts[i] == .text { verdicts[i] = .furniture(.advert, cue: false) }
            }
        }

        // 3c'. `tail-labels`: after the article's last paragraph of prose (twelve words or more,
        // ending like a sentence), short lines (eight words at most) that do not end like one
        // are the page's tail: "Further information", "Contact:", a name, a date, "Photo
        // credits". Only when at most six text blocks follow: a longer run is a list (a top ten,
        // a table of specifications, ingredients). Measured on eval webextract, six chosen on
        // the even half: even F1 0.9292 -> 0.9312, odd 0.9040 -> 0.9085.
        if let lastProse = blocks.indices.last(where: { verdicts[$0] == .text && blocks[$0].words >= 12 && blocks[$0].endsLikeSentence }) {
            let tail = blocks.indices[(lastProse + 1)...].filter { verdicts[$0] == .text }
            if tail.count <= 6 {
                for i in tail where blocks[i].words <= 8 && !blocks[i].endsLikeSentence { verdicts[i] = .furniture(.footer, cue: false) }
            }
        }

        // 3c. The end of the article (after 3b, so that a tail advert is already set aside): a sign-off biography among the last text blocks, and a
        // short unpunctuated trailer naming a source ("Source: Website").
        var textBlocksSeen = 0
        for i in blocks.indices.reversed() where verdicts[i] == .text {
            textBlocksSeen += 1
            if textBlocksSeen > 3 { break }
            if NewsLines.signOff(blocks[i]) != nil {
                verdicts[i] = .furniture(.authorBox, cue: true)
            } else if textBlocksSeen == 1, blocks[i].words <= 6, !blocks[i].endsLikeSentence,
                blocks[i].hasPrefix("source") || blocks[i].hasPrefix("via") || blocks[i].hasPrefix("originally")
            {
                verdicts[i] = .furniture(.sourceNote, cue: true)
            }
        }

        // 4. Collect regions; an inline dateline at the start of the first text paragraph.
        var regions: [ExcludedRegion] = []
        for (i, verdict) in verdicts.enumerated() {
            switch verdict {
            case .furniture(let kind, _): regions.append(ExcludedRegion(paragraphs[i], kind))
            case .separator: regions.append(ExcludedRegion(paragraphs[i], .separator))
            case .text: break
            }
        }
        if let first = verdicts.indices.first(where: { verdicts[$0] == .text && blocks[$0].words > 12 }),
            first < 8, let dateline = NewsLines.inlineDateline(b, paragraphs[first])
        {
            let start = paragraphs[first].start
            regions.append(ExcludedRegion(TextRange(start, start + dateline.length), .byline))
        }
        // Markup furniture that lies inside paragraphs the blocks did not cover: the paragraphs
        // it covers whole are excluded. (Paragraphs are sorted and disjoint, so the regions
        // found so far are looked up, not scanned, per piece of furniture.)
        var regionRanges = Set(regions.map(\.range))
        let containing = OverlapIndex(regions.map(\.range))
        // (What this loop adds are whole paragraphs: one of them contains a region only if it
        // is the paragraph the region starts in.)
        func insideAdded(_ range: TextRange) -> Bool {
            guard let p = paragraphs.indexContaining(range.start) else { return false }
            return paragraphs[p].contains(range) && regionRanges.contains(paragraphs[p])
        }
        for region in hints.furniture where !containing.containsAny(region.range) && !insideAdded(region.range) {
            let first = paragraphs.partitionPoint { $0.end <= region.range.start }
            guard first < paragraphs.count, paragraphs[first].overlaps(region.range) else { continue }
            for p in paragraphs[first...].prefix(while: { $0.start < region.range.end }) where region.range.contains(p) && !regionRanges.contains(p) {
                regions.append(ExcludedRegion(p, region.kind))
                regionRanges.insert(p)
            }
        }
        return Self.normalize(regions)
    }

    /// Kinds the reader gives whole areas of a page, which a line's own cue names better.
    static let genericMarkupKinds: Set<BoilerplateKind> = [.navigation, .footer, .comments]

    /// Sorts regions and merges overlaps (the earlier kind wins).
    static func normalize(_ regions: [ExcludedRegion]) -> [ExcludedRegion] {
        var out: [ExcludedRegion] = []
        for region in regions.sorted(by: { $0.range < $1.range }) {
            if let last = out.last, last.range.end > region.range.start {
                if region.range.end > last.range.end {
                    out[out.count - 1].range = TextRange(last.range.start, region.range.end)
                }
            } else {
                out.append(region)
            }
        }
        return out
    }

    /// The regions the markup marks as furniture, asked paragraph by paragraph in order which
    /// covers most of a paragraph: the first of them, in the reader's order, that covers 60%.
    /// A sweep keeps the regions overlapping the current paragraph; the reader records only
    /// the outermost furniture element of a nest, so they are few.
    struct MarkupFurniture {
        private let regions: [ExcludedRegion]
        /// Region indices by start, and how many of them have been taken in.
        private let byStart: [Int]
        private var next = 0
        private var active: [Int] = []

        init(_ regions: [ExcludedRegion]) {
            self.regions = regions
            byStart = regions.indices.sorted { regions[$0].range.start < regions[$1].range.start }
        }

        /// - Complexity: amortised O(regions overlapping `range`), for paragraphs asked in order.
        mutating func kind(of range: TextRange) -> BoilerplateKind? {
            while next < byStart.count, regions[byStart[next]].range.start < range.end {
                active.append(byStart[next])
                next += 1
            }
            // A region that ends before this paragraph starts ends before every later one.
            active.removeAll { regions[$0].range.end <= range.start }
            var best: Int?
            for k in active where regions[k].range.overlaps(range) {
                let r = regions[k].range
                let overlap = min(r.end, range.end) - max(r.start, range.start)
                if overlap * 10 >= range.length * 6 { best = min(best ?? k, k) }
            }
            return best.map { regions[$0].kind }
        }
    }

    /// The kind of the cue that fires on a block, if any.
    private func cueKind(_ block: BlockText) -> BoilerplateKind? {
        let lower = block.lower
        // Trim leading and trailing decoration for whole-line cues.
        var s = 0
        var e = lower.count
        while s < e, [UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: ">"), UInt8(ascii: "|")].contains(lower[s]) { s += 1 }
        while e > s, [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "|")].contains(lower[e - 1]) { e -= 1 }
        if block.words <= 6, let cue = lineCues[Array(lower[s..<e])] { return cue.kind }
        var weakHits: [BoilerplateKind] = []
        for (phrase, cue) in prefixCues where block.matches(phrase, at: s) {
            if cue.strong { return cue.kind }
            weakHits.append(cue.kind)
        }
        // Contains cues: look each word up in the index by its key, then compare the phrase.
        var distinct = 0
        var lastPhrase: [UInt8] = []
        let strongHit: BoilerplateKind? = lower.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                guard c >= 0x61 && c <= 0x7A else {
                    i += 1
                    continue
                }
                var j = i
                while j < bytes.count, bytes[j] >= 0x61 && bytes[j] <= 0x7A { j += 1 }
                if let key = ByteKey.lower(bytes, i, j), let candidates = containsCues[key] {
                    for (phrase, cue) in candidates where block.matches(phrase, at: i) {
                        if cue.strong { return cue.kind }
                        weakHits.append(cue.kind)
                        if phrase != lastPhrase { distinct += 1 }
                        lastPhrase = phrase
                    }
                }
                i = j
            }
            return nil
        }
        if let strongHit { return strongHit }
        guard let first = weakHits.first else { return nil }
        if block.words <= weakCueMaxWords { return first }
        if distinct >= 2, block.words <= multiCueMaxWords { return first }
        return nil
    }

    /// "Home / Latest Updates / Title", "News › World › Asia".
    private func isBreadcrumb(_ block: BlockText) -> Bool {
        guard block.words <= 30 else { return false }
        // At least two separator characters before any String work.
        let marks = block.lower.reduce(0) { $0 + ($1 == UInt8(ascii: "/") || $1 == UInt8(ascii: "|") || $1 == UInt8(ascii: ">") || $1 == 0xBA || $1 == 0xBB ? 1 : 0) }
        guard marks >= 2 else { return false }
        let text = block.plainString
        let separators = [" / ", " › ", " » ", " > ", " | "]
        return separators.contains { text.components(separatedBy: $0).count >= 3 }
    }
}
