/// Finds reported statements: source + cue + content, over each sentence's tokens and the
/// phrase chunks of ``TaggingModel/phrases``.
///
/// 1. Cues: a reporting verb with its auxiliaries ("said", "has warned", "told"), or
///    "according to" (`Resources/attribution-cues.txt`).
/// 2. Layouts, tried in this order for each cue:
///    - "according to SOURCE, CONTENT" and "CONTENT, according to SOURCE";
///    - post-posed: "CONTENT, SOURCE said [short tail]." and "CONTENT, said SOURCE.";
///    - pre-posed: "SOURCE said (that) CONTENT", "SOURCE told VENUE (that) CONTENT";
///    - "SOURCE said:" followed by the next paragraph.
/// 3. The source is the noun phrase before the cue, extended over "NP of NP" chains and
///    appositives ("Zamir Kabulov, the Russian envoy,"); its kind comes from its head word.
public struct AttributionExtractor: Sendable {
    public let phrases: TaggingModel?
    /// The learned cue tagger: cues it finds beyond the lexicon's verbs ("called for", "wants",
    /// "―") are tried with the same layouts.
    public let cueModel: TaggingModel?
    public let gazetteer: Gazetteer
    public let tokenizer = Tokenizer()
    let cues: Set<String>
    /// Verbs of stance: cues, but never inverted after their content ("..., dismissed X").
    let stanceCues: Set<String>
    let anonymousHeads: Set<String>
    let vagueHeads: Set<String>
    let roleNouns: Set<String>
    /// Sources that count unnamed people ("one farm hand", "two officials").
    let counted: CountedSources

    public init(
        phrases: TaggingModel? = TaggingModel.phrases, cueModel: TaggingModel? = TaggingModel.attributions,
        gazetteer: Gazetteer = .shared, lexicon: Lexicon = .shared
    ) {
        self.phrases = phrases
        self.cueModel = cueModel
        self.gazetteer = gazetteer
        cues = lexicon.attributionCues.union(lexicon.stanceCues)
        stanceCues = lexicon.stanceCues
        anonymousHeads = lexicon.anonymousSources
        vagueHeads = lexicon.vagueSources
        roleNouns = lexicon.roleNouns
        counted = CountedSources.shared
    }

    /// A sentence as the rules see it.
    struct Sentence {
        var tokens: [Token]
        var words: [String]
        var lower: [String]
        /// Phrase chunk of each token (type and extent), if any.
        var chunkOf: [CoNLL.Chunk?]
        var range: TextRange
        /// Cue chunks of the learned tagger, by their last token.
        var modelCues: [Int: CoNLL.Chunk] = [:]
        /// Source chunks of the learned tagger.
        var modelSources: [CoNLL.Chunk] = []
        /// Content chunks of the learned tagger.
        var modelContents: [CoNLL.Chunk] = []
        /// Whether most longer words are capitalised (a headline), decided once per sentence:
        /// every cue asks.
        let titleCase: Bool

        init(tokens: [Token], words: [String], lower: [String], chunkOf: [CoNLL.Chunk?], range: TextRange) {
            self.tokens = tokens
            self.words = words
            self.lower = lower
            self.chunkOf = chunkOf
            self.range = range
            titleCase = AttributionExtractor.isTitleCase(words)
        }
    }

    /// Most statements read in one sentence. Real sentences hold up to five (as read in
    /// PolNeAR's 924 articles and PTC's 371); "A said B said C said ..." would otherwise give one
    /// statement per word, each content running to the sentence's end: output quadratic in the
    /// sentence's length.
    static let maxStatementsPerSentence = 8
    /// Most tokens a cue's verb group takes in before its verb ("would not have been able to
    /// say"), so that a verb phrase of thousands of words is not walked once per cue.
    static let maxVerbGroup = 8

    /// - Complexity: O(tokens) per sentence after tagging.
    public func extract(_ text: String, sentences: [TextRange], paragraphs: [TextRange], published: Day? = nil) -> [Attribution] {
        var copy = text
        return copy.withUTF8 { bytes in
            var out: [Attribution] = []
            var prepared: [Sentence] = []
            for range in sentences {
                let tokens = MentionExtractor.withoutMarkup(tokenizer.tokens(bytes: bytes, in: range), bytes)
                guard !tokens.isEmpty else { continue }
                let words = tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range.start..<$0.range.end]), as: UTF8.self) }
                var chunkOf = [CoNLL.Chunk?](repeating: nil, count: tokens.count)
                if let phrases {
                    for chunk in CoNLL.chunks(phrases.tags(words)) {
                        for k in chunk.start..<chunk.end { chunkOf[k] = chunk }
                    }
                }
                // Source nouns the chunker took for verbs ("..., sources in the region say"):
                // the lexicons know they are nouns here.
                for k in words.indices where chunkOf[k]?.type == "VP" {
                    let w = words[k].lowercased()
                    if (anonymousHeads.contains(w) || vagueHeads.contains(w)), w.hasSuffix("s"), k + 1 < words.count,
                        chunkOf[k + 1]?.type == "PP" || chunkOf[k + 1]?.type == "VP"
                    {
                        chunkOf[k] = CoNLL.Chunk(type: "NP", start: k, end: k + 1)
                    }
                }
                var sentence = Sentence(tokens: tokens, words: words, lower: words.map { $0.lowercased() }, chunkOf: chunkOf, range: range)
                if let cueModel {
                    for chunk in CoNLL.chunks(cueModel.tags(words)) {
                        if chunk.type == "CUE" { sentence.modelCues[chunk.end - 1] = chunk }
                        if chunk.type == "SOURCE" { sentence.modelSources.append(chunk) }
                        if chunk.type == "CONTENT" { sentence.modelContents.append(chunk) }
                    }
                }
                prepared.append(sentence)
            }
            for (index, sentence) in prepared.enumerated() {
                let next = index + 1 < prepared.count ? prepared[index + 1] : nil
                // Asking not to be named is not a statement ("who asked not to be named").
                let found = extract(sentence, next: next, previous: index > 0 ? prepared[index - 1] : nil, paragraphs: paragraphs, bytes: bytes)
                    .filter { a in
                        guard a.content.start >= a.cue.end else { return true }
                        let words = text.utf8Slice(TextRange(a.cue.start, min(a.content.end, a.content.start + 60))).lowercased()
                            .split { !$0.isLetter }.prefix(6).map(String.init)
                        return !Self.asksAnonymity(words[...])
                    }
                out += Self.consistent(found.map { attribution in
                    var a = attribution
                    a.venue = venue(sentence, outside: a.content)
                    a.date = StatementDates.date(in: sentence.range, outside: a.content, text: text, published: published)
                    let cueWords = text.utf8Slice(a.cue).lowercased().split(separator: " ").map(String.init)
                    a.learnedCue = !cueWords.contains { cues.contains($0) } && !["according to", "by words of"].contains(cueWords.joined(separator: " "))
                        && !cueWords.indices.contains { Self.reachesConclusion(cueWords, at: $0) } && a.sourceKind != .unattributed
                    return a
                })
            }
            let foundCues = OverlapIndex(out.map(\.cue))
            out += (Self.transcriptTurns(paragraphs: paragraphs, bytes: bytes) + headlineSpeaker(paragraphs.first, bytes: bytes)).filter { turn in
                !foundCues.overlaps(turn.source!) && !foundCues.overlaps(turn.cue)
            }
            let extended = out.map { Self.extendQuote($0, paragraphs: paragraphs, bytes: bytes) }
            let resumed = extended + Self.resumedQuotes(extended, paragraphs: paragraphs, bytes: bytes)
            return resumed + Self.continuedQuotes(resumed, paragraphs: paragraphs, bytes: bytes)
        }
    }

    func extract(_ s: Sentence, next: Sentence?, previous: Sentence? = nil, paragraphs: [TextRange], bytes: UnsafeBufferPointer<UInt8>) -> [Attribution] {
        var out: [Attribution] = []
        let n = s.tokens.count
        func span(_ a: Int, _ b: Int) -> TextRange? { a < b ? TextRange(s.tokens[a].range.start, s.tokens[b - 1].range.end) : nil }
        var used = [Bool](repeating: false, count: n)

        if let signed = signedStatement(s, next: next, bytes: bytes) {
            out.append(signed.attribution)
            for k in signed.tokens { used[k] = true }
        }

        if let framed = framedStatement(s, bytes: bytes) {
            out.append(framed.attribution)
            for k in framed.tokens { used[k] = true }
        }

        var i = 0
        while i < n, out.count < Self.maxStatementsPerSentence {
            // "there is (no) evidence that ...": a claim with no source.
            if s.lower[i] == "there", i + 3 < n, ["is", "was", "are"].contains(s.lower[i + 1]),
                let evidence = s.lower[(i + 2)..<min(n, i + 6)].firstIndex(where: { ["evidence", "proof", "indication", "indications", "reason"].contains($0) }),
                evidence + 1 < n, s.lower[evidence + 1] == "that", let cue = span(i, evidence + 1),
                let content = trimmedSpan(s, from: evidence + 1, to: n)
            {
                out.append(Attribution(source: nil, cue: cue, content: content, sourceKind: .unattributed, direct: false))
                for k in i...evidence { used[k] = true }
                i = n
                continue
            }
            // "according to X" and "by words of X"
            let accordingTo = s.lower[i] == "according" && i + 1 < n && s.lower[i + 1] == "to"
            let byWordsOf = s.lower[i] == "by" && i + 2 < n && s.lower[i + 1] == "words" && s.lower[i + 2] == "of"
            if accordingTo || byWordsOf {
                let cueLength = accordingTo ? 2 : 3
                let sourceStart = i + cueLength
                var sourceEnd = sourceStart
                while sourceEnd < n, !Self.isBoundary(s.words[sourceEnd]) { sourceEnd += 1 }
                guard sourceEnd > sourceStart, let cue = span(i, i + cueLength), let source = span(sourceStart, sourceEnd) else {
                    i += 1
                    continue
                }
                let content: TextRange?
                let clauseStart = leadingAdverbialEnd(s, before: i)
                // At the start of a clause of its own ("..., since according to the records,
                // the man belonged to it"), what follows its comma is what it reports.
                let opensClause = i > 0 && Self.clauseOpeners.contains(s.lower[i - 1]) && sourceEnd < n && s.words[sourceEnd] == ","
                if i <= clauseStart + 1 || s.words[i - 1] == "," && i <= clauseStart + 2 || opensClause {
                    content = trimmedSpan(s, from: sourceEnd + (sourceEnd < n && s.words[sourceEnd] == "," ? 1 : 0), to: n)
                } else {
                    content = trimmedSpan(s, from: 0, to: i)
                }
                if let content {
                    out.append(make(source: source, sourceWords: Array(s.words[sourceStart..<sourceEnd]), cue: cue, content: content, s: s, bytes: bytes))
                    for k in i..<sourceEnd { used[k] = true }
                }
                i = sourceEnd
                continue
            }
            let conclusion = Self.reachesConclusion(s.lower, at: i)
            let lexiconCue = (cues.contains(s.lower[i]) || conclusion) && isVerbal(s, i)
            // A learned cue needs a verb or a noun ("called for", "wants", "criticism of"), not an adverb alone.
            let modelCue = s.modelCues[i].flatMap { isCuePhrase(s, $0) ? $0 : nil }
            guard lexiconCue || modelCue != nil, !used[i] else {
                i += 1
                continue
            }
            // The cue: auxiliaries before the verb within its verb phrase ("has said"), or the
            // learned tagger's span.
            var cueStart = i
            if let modelCue, !lexiconCue {
                cueStart = modelCue.start
            } else if let chunk = s.chunkOf[i], chunk.type == "VP" {
                cueStart = max(chunk.start, i - Self.maxVerbGroup)
                while cueStart < i, ["also", "then", "later", "previously", "repeatedly", "not", "never"].contains(s.lower[cueStart]) { cueStart += 1 }
            }
            var cueEnd = i + 1
            // "said in a statement", "told reporters": the cue stays the verb group.
            if cueEnd < n, ["out", "up"].contains(s.lower[cueEnd]), s.lower[i] == "pointed" || s.lower[i] == "spoke" { cueEnd += 1 }
            if conclusion { cueEnd = i + 4 }
            guard let cue = span(cueStart, cueEnd) else {
                i += 1
                continue
            }
            // Passive voice ("is estimated at", "has been accused of") is not a statement, except
            // the impersonal "it was reported that ..." (handled below as unattributed).
            // A progressive ("is seeking", "was saying") is active.
            let passive = !s.lower[i].hasSuffix("ing") && (cueStart..<i).contains { ["is", "was", "are", "were", "be", "been", "being"].contains(s.lower[$0]) }
            if passive, !(cueStart > 0 && s.lower[cueStart - 1] == "it") {
                // With its agent: "The issue was first reported by The Washington Post." The
                // agent speaks; what comes before the verb group is the content.
                if cueEnd + 1 < n, s.lower[cueEnd] == "by",
                    let (as_, ae) = nounPhrase(s, startingAt: cueEnd + 1).map({ ($0.0, coordinationEnd(s, from: withPrepositions(s, from: $0.1))) }),
                    let source = span(as_, ae), let content = trimmedSpan(s, from: leadingAdverbialEnd(s, before: cueStart), to: cueStart),
                    (0..<cueStart).contains(where: { s.chunkOf[$0]?.type == "NP" })
                {
                    out.append(make(source: source, sourceWords: Array(s.words[as_..<ae]), cue: span(cueStart, cueEnd + 1) ?? cue, content: content, s: s, bytes: bytes))
                    i = ae
                    continue
                }
                i = cueEnd
                continue
            }

            // Participles after a comma: "..., saying that CONTENT" — the speaker of the statement
            // just before speaks ("“...,” X said, emphasizing why ..."), else the sentence's subject.
            if s.lower[i].hasSuffix("ing"), cueStart > 0, s.words[cueStart - 1] == ",", let content = trimmedSpan(s, from: cueEnd, to: n) {
                if let speaker = out.last(where: { $0.source != nil && $0.cue.end <= cue.start }) {
                    var a = speaker
                    a.cue = cue
                    a.content = content
                    a.direct = false
                    out.append(a)
                    i = n
                    continue
                }
                if let (ss, se) = sentenceSubject(s, before: cueStart), let source = span(ss, se) {
                    out.append(make(source: source, sourceWords: Array(s.words[ss..<se]), cue: cue, content: content, s: s, bytes: bytes))
                    i = n
                    continue
                }
            }
            // Post-posed inverted: "CONTENT, said SOURCE[, appositive]." The source runs to the
            // end of the sentence, appositive and relative clause included.
            let invertedContentEnd = contentEnd(s, before: cueStart)
            let invertedIsClause = (0..<invertedContentEnd).contains { s.chunkOf[$0]?.type == "VP" }
                || (invertedContentEnd > 0 && Self.isClosingQuote(s.words[invertedContentEnd - 1]))
            // (A time after the cue is not its source: "..., Mitch McConnell, R-Ky., said Tuesday.")
            let timeAfter = cueEnd < n && Self.isTimeWord(s.lower[cueEnd])
            // ("told" takes who was told after it, never the speaker: "..., told The Huffington Post.")
            if cueStart > 1, Self.isCommaOrQuote(s.words[cueStart - 1]), invertedIsClause, !timeAfter, !stanceCues.contains(s.lower[i]),
                !["told", "tell", "tells"].contains(s.lower[i]), let npEnd = nounPhrase(s, startingAt: cueEnd).map({ withPrepositions(s, from: $0.1) }),
                npEnd >= n - 1 || s.words[npEnd] == "," || [".", "!", "?"].contains(s.words[npEnd])
            {
                var ne = n
                // “A,” said X, “and B.”: the source stops before the quotation resumes.
                if let resume = (cueEnd..<(n - 1)).first(where: { s.words[$0] == "," && Self.isOpeningQuote(s.words[$0 + 1]) }) {
                    ne = resume
                }
                while ne > cueEnd, [".", "!", "?", "\u{201D}", "\""].contains(s.words[ne - 1]) { ne -= 1 }
                if let content = trimmedSpan(s, from: 0, to: contentEnd(s, before: cueStart)), let source = span(cueEnd, ne) {
                    out.append(make(source: source, sourceWords: Array(s.words[cueEnd..<ne]), cue: cue, content: content, s: s, bytes: bytes))
                    i = n
                    continue
                }
            }
            if cueStart > 1, ["what", "whatever", "how"].contains(s.lower[max(0, cueStart - 2)]) || ["what", "whatever"].contains(s.lower[cueStart - 1]) {
                i = cueEnd
                continue
            }
            // The source before the cue: its noun phrase, else the whole clause before it when
            // that holds no verb ("Sen. X (D-Ga.) said", "X, president of Y, said").
            if notSpeech(s, cueStart: cueStart, verb: i, cueEnd: cueEnd) {
                for k in cueStart..<cueEnd { used[k] = true }
                i = cueEnd
                continue
            }
            // A learned cue leaves its auxiliaries out ("is once again | questioning"): the
            // subject ends before the whole verb group.
            var verbGroup = cueStart
            if modelCue != nil, !lexiconCue {
                // (Auxiliaries and adverbs only: in "The council faced withering criticism" the
                // main verb "faced" is no part of the cue's verb group.)
                while verbGroup > 0, cueStart - verbGroup < 5,
                    Self.auxiliaries.contains(s.lower[verbGroup - 1]) || Self.negations.contains(s.lower[verbGroup - 1])
                        || s.chunkOf[verbGroup - 1]?.type == "ADVP" || s.lower[verbGroup - 1].hasSuffix("ly")
                        || ["once", "again", "still", "even", "just", "already", "now", "never", "ever", "long"].contains(s.lower[verbGroup - 1])
                {
                    verbGroup -= 1
                }
            }
            var subject = subjectPhrase(s, endingBefore: verbGroup) ?? clauseSubject(s, before: verbGroup)
                ?? s.modelSources.last(where: { $0.end <= cueStart }).map { ($0.start, $0.end) }
            // "a system which advocates say ...": the relative pronoun is not part of who says it.
            if let (ss, se) = subject, se - ss >= 2, ["which", "that"].contains(s.lower[ss]) { subject = (ss + 1, se) }
            // "X spotted Stein and reported ...": the second verb's speaker is the clause's subject.
            if let (ss, se) = subject, ["and", "or", "but"].contains(s.lower[se - 1]), let found = sentenceSubject(s, before: ss) {
                subject = found
            }
            // The noun right before an infinitive is no speaker: "went before a Senate
            // subcommittee to defend" — the sentence's subject speaks; "asking federal
            // prosecutors to charge", "a way to report" — nobody has spoken yet.
            if let (ss, se) = subject, se == cueStart, s.lower[cueStart] == "to" {
                let controlled = ss > 0 && Self.objectControlVerbs.contains(s.lower[ss - 1])
                if !controlled, let found = sentenceSubject(s, before: ss), found.1 <= ss {
                    subject = found
                } else {
                    if let content = trimmedSpan(s, from: cueEnd, to: n) {
                        out.append(make(source: nil, sourceWords: [], cue: cue, content: content, s: s, bytes: bytes))
                    }
                    for k in cueStart..<cueEnd { used[k] = true }
                    i = cueEnd
                    continue
                }
            }
            if let (ss, se) = subject, objectRelative(s, ss, se) {
                for k in cueStart..<cueEnd { used[k] = true }
                i = cueEnd
                continue
            }
            if let (ss, se) = subject, let reason = Self.speakerless(s, ss, se, cue: i) {
                // What an imperative or an unresolved second verb states is kept, with no
                // source: its speaker is not within reach ("Now tell us this isn't a witch hunt").
                if reason == .noSpeakerInReach, let content = trimmedSpan(s, from: cueEnd, to: n) {
                    out.append(make(source: nil, sourceWords: [], cue: cue, content: content, s: s, bytes: bytes))
                }
                i = cueEnd
                continue
            }
            if let (ss, se) = subject,
                !(modelCue != nil && !lexiconCue && Self.isFunctionWord(s.words[ss..<se])),
                let nameStart = Optional(nameAfterPlainNoun(s, ss, se) ?? ss), let source = span(nameStart, se)
            {
                let sourceWords = Array(s.words[nameStart..<se])
                // Post-posed: "CONTENT, SOURCE said [short tail]."
                let before = contentEnd(s, before: ss)
                // The content before the comma must be a clause (hold a verb), not "On March 21, the envoy".
                let quoted = s.words[0] == "\u{201C}" || s.words[0] == "\"" || (before > 0 && Self.isClosingQuote(s.words[before - 1]))
                let isClause = quoted || (0..<before).contains { s.chunkOf[$0]?.type == "VP" }
                // A whole quotation before the source (`“...,” she said`) is the content however
                // long the tail after the cue runs ("said, arguing that ...", "said to the nominee").
                // The quotation may have opened in an earlier sentence of the paragraph (no quote
                // mark before it here); ``extendQuote`` then takes it from its opening mark.
                // Doubled apostrophes ('' ... '') are one mark.
                let mark = ss > 2 && s.words[ss - 1] == "'" && s.words[ss - 2] == "'" ? ss - 2 : ss - 1
                let firstMark = (0..<max(0, mark)).first {
                    ["\u{201C}", "\u{201D}", "\""].contains(s.words[$0]) || (s.words[$0] == "'" && $0 + 1 < mark && s.words[$0 + 1] == "'")
                }
                let closesQuotation = mark > 1 && Self.isClosingQuote(s.words[ss - 1]) && [",", "?", "!"].contains(s.words[mark - 1])
                    && (firstMark == nil || firstMark == 0) && !(cueEnd < n && s.lower[cueEnd] == "that")
                // "People like Scott, he said.": a short phrase the speaker ends the sentence on.
                let endsSentence = (cueEnd..<n).allSatisfy { s.tokens[$0].kind == .punctuation } && se - ss <= 6
                // A parenthetical attribution ("CONTENT, he said, and ..."): the content is what
                // comes before it, and also what follows unless a new clause starts there.
                if ss > 1, s.words[ss - 1] == ",", isClause, let comma = (cueEnd..<min(n, cueEnd + 4)).first(where: { s.words[$0] == "," }),
                    tailIsShort(s, from: cueEnd, to: comma), comma + 1 < n, s.tokens[comma + 1].kind != .punctuation
                {
                    let newClause = ["and", "but", "or", "so", "while", "although", "though", "because", "as", "which", "who"].contains(s.lower[comma + 1])
                    if let first = trimmedSpan(s, from: 0, to: before) {
                        var content = first
                        if !newClause, let rest = trimmedSpan(s, from: comma + 1, to: n) { content = TextRange(first.start, rest.end) }
                        out.append(make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes))
                        i = comma
                        continue
                    }
                }
                if ss > 1, Self.isCommaOrQuote(s.words[ss - 1]), closesQuotation || tailIsShort(s, from: cueEnd), isClause || endsSentence {
                    if let content = trimmedSpan(s, from: 0, to: before) {
                        out.append(make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes))
                        i = cueEnd
                        continue
                    }
                }
                // “...?” / Clinton said.: a quoted question or exclamation that the splitter ended
                // before its capitalised speaker.
                if ss == 0, let previous, (cueEnd..<n).allSatisfy({ s.tokens[$0].kind == .punctuation }),
                    paragraphs.first(where: { $0.contains(previous.range.start) })?.contains(s.range.start) == true,
                    let m = previous.words.indices.last, Self.isClosingQuote(previous.words[m]),
                    m >= 1, ["?", "!"].contains(previous.words[m - 1]) || (m >= 2 && previous.words[m - 1] == "'" && ["?", "!"].contains(previous.words[m - 2])),
                    let content = trimmedSpan(previous, from: 0, to: previous.tokens.count)
                {
                    out.append(make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes))
                    i = cueEnd
                    continue
                }
                // Pre-posed: "SOURCE said (that) CONTENT" / "SOURCE told VENUE (that) CONTENT".
                var contentStart = cueEnd
                if ["told", "tells", "tell", "informed", "assured", "reminded"].contains(s.lower[i]),
                    let (_, venueEnd) = nounPhrase(s, startingAt: cueEnd)
                {
                    contentStart = venueEnd
                }
                while contentStart < n, [",", ":"].contains(s.words[contentStart]) { contentStart += 1 }
                // "said on Monday that ...", "said in a statement that ...": the content starts at "that".
                if let that = s.lower[contentStart..<min(n, contentStart + 7)].firstIndex(of: "that"), that > contentStart,
                    !(contentStart..<that).contains(where: { s.words[$0] == "," || s.chunkOf[$0]?.type == "VP" })
                {
                    contentStart = that
                }
                // A trailing "as he addressed ..." tells the occasion, not what was said.
                var contentEnd = n
                if let occasion = (contentStart..<max(contentStart, n - 2)).first(where: { k in
                    ["as", "while", "when"].contains(s.lower[k]) && ["he", "she", "they", "it"].contains(s.lower[k + 1])
                        && ["addressed", "spoke", "told", "was", "were", "addressing", "speaking"].contains(s.lower[k + 2])
                }) {
                    contentEnd = occasion
                }
                if let content = trimmedSpan(s, from: contentStart, to: contentEnd), content.length > 3 {
                    out.append(make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes))
                    i = cueEnd
                    continue
                }
                // "SOURCE said:" and the next sentence holds the statement.
                if let next, contentStart >= n - 1, s.words[n - 1] == ":" || (cueEnd < n && s.words[cueEnd] == ":"),
                    let content = trimmedSpan(next, from: 0, to: next.tokens.count)
                {
                    out.append(make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes))
                }
            }
            i = cueEnd
        }
        out += learnedStatements(s, besides: out, used: used, bytes: bytes)
        // Learned cues with no speaker in reach keep their statement, unattributed.
        let speakerless = s.modelCues.values
            .filter { cue in isCuePhrase(s, cue) && !(cue.start..<cue.end).contains { cues.contains(s.lower[$0]) } && hasNoSpeaker(s, cue) }
            .map { TextRange(s.tokens[$0.start].range.start, s.tokens[$0.end - 1].range.end) }
        if !speakerless.isEmpty {
            for k in out.indices where speakerless.contains(where: { $0.overlaps(out[k].cue) }) {
                out[k].source = nil
                out[k].sourceKind = .unattributed
                out[k].antecedent = nil
            }
        }
        return out
    }

    /// Statements the rules did not find but the learned tagger marks: a cue of its own
    /// ("pledged", "wants", "called for") with a content it also tagged in the sentence. The
    /// content runs from the first to the last content span on one side of the cue (the side
    /// holding more of them); the source is the tagger's source span nearest the cue (outside
    /// the content, at most 12 tokens away), else the subject right before the cue. With
    /// neither, no statement: its speaker is not in the sentence.
    func learnedStatements(_ s: Sentence, besides found: [Attribution], used: [Bool], bytes: UnsafeBufferPointer<UInt8>) -> [Attribution] {
        guard !s.modelCues.isEmpty, !s.modelContents.isEmpty else { return [] }
        var out: [Attribution] = []
        for cue in s.modelCues.values.sorted(by: { $0.start < $1.start }) where isCuePhrase(s, cue) {
            if found.count + out.count >= Self.maxStatementsPerSentence { break }
            let cueRange = TextRange(s.tokens[cue.start].range.start, s.tokens[cue.end - 1].range.end)
            // "have more to say about": what someone will say is no statement yet.
            if (cue.start..<cue.end).contains(where: { Self.promisesStatement(s, at: $0) }) { continue }
            guard !(cue.start..<cue.end).contains(where: { used[$0] }),
                !(found + out).contains(where: { $0.cue.overlaps(cueRange) || $0.content.overlaps(cueRange) || $0.source?.overlaps(cueRange) == true })
            else { continue }
            let before = s.modelContents.filter { $0.end <= cue.start }
            let after = s.modelContents.filter { $0.start >= cue.end }
            let side = before.reduce(0) { $0 + $1.end - $1.start } > after.reduce(0) { $0 + $1.end - $1.start } ? before : after
            guard let first = side.first, let last = side.last,
                var content = trimmedSpan(s, from: first.start, to: last.end)
            else { continue }
            let sources = s.modelSources.filter { $0.end <= first.start || $0.start >= last.end }
            // Its own source near the cue, else the subject right before the cue.
            let tagged = sources.min(by: { abs($0.start - cue.start) < abs($1.start - cue.start) }).flatMap { abs($0.start - cue.start) <= 12 ? $0 : nil }
            let subject = first.start >= cue.end ? subjectPhrase(s, endingBefore: cue.start).map { CoNLL.Chunk(type: "SOURCE", start: $0.0, end: $0.1) } : nil
            guard let source = tagged ?? subject, !Self.isFunctionWord(s.words[source.start..<source.end]) else { continue }
            // The tagger's source starts where its noun phrase does ("Clinton’s campaign", not
            // "’s campaign"); a content that stops a word or two short of the sentence's end runs to it.
            var sourceStart = source.start
            if let np = s.chunkOf[sourceStart], np.type == "NP", np.start < sourceStart, sourceStart - np.start <= 3 { sourceStart = np.start }
            sourceStart = joinedName(s, at: sourceStart) ?? sourceStart
            // And ends where it does, before the cue ("Donald | Trump is questioning").
            var sourceEnd = source.end
            if let np = s.chunkOf[sourceEnd - 1], np.type == "NP", np.end > sourceEnd, np.end <= cue.start { sourceEnd = np.end }
            let tail = (last.end..<s.tokens.count).filter { s.tokens[$0].kind != .punctuation }
            if last.end > cue.end, tail.count <= 2, let whole = trimmedSpan(s, from: first.start, to: s.tokens.count) { content = whole }
            let sourceRange = TextRange(s.tokens[sourceStart].range.start, s.tokens[sourceEnd - 1].range.end)
            // Not a second cue for a statement already found, the same content or the same
            // speaker's overlapping one ("[said](#) in late January" gave both "said" and "late").
            if (found + out).contains(where: { $0.content == content || ($0.content.overlaps(content) && $0.source?.overlaps(sourceRange) == true) }) { continue }
            out.append(make(source: sourceRange, sourceWords: Array(s.words[sourceStart..<sourceEnd]), cue: cueRange, content: content, s: s, bytes: bytes))
        }
        return out
    }

    /// A statement framed by its source without a reporting verb: "As X put it, CONTENT" (or
    /// "CONTENT, as X put it"), and "In X's poll, CONTENT" for polls, surveys and studies.
    func framedStatement(_ s: Sentence, bytes: UnsafeBufferPointer<UInt8>) -> (attribution: Attribution, tokens: Range<Int>)? {
        let n = s.tokens.count
        func span(_ a: Int, _ b: Int) -> TextRange? { a < b ? TextRange(s.tokens[a].range.start, s.tokens[b - 1].range.end) : nil }
        if let put = (1..<max(1, n - 1)).first(where: { s.lower[$0] == "put" && s.lower[$0 + 1] == "it" }),
            let a = (max(0, put - 10)..<put).last(where: { s.lower[$0] == "as" }), put - a >= 2,
            !(a + 1..<put).contains(where: { Self.isBoundary(s.words[$0]) }),
            let source = span(a + 1, put), let cue = span(put, put + 2)
        {
            let sourceWords = Array(s.words[(a + 1)..<put])
            if a == 0, put + 2 < n, s.words[put + 2] == ",", let content = trimmedSpan(s, from: put + 3, to: n) {
                return (make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes), 0..<(put + 3))
            }
            if a >= 2, s.words[a - 1] == ",", let content = trimmedSpan(s, from: 0, to: a - 1) {
                return (make(source: source, sourceWords: sourceWords, cue: cue, content: content, s: s, bytes: bytes), (a - 1)..<(put + 2))
            }
        }
        // "In this poll, ...", "In a Quinnipiac survey released Monday, ...".
        if n > 4, s.lower[0] == "in", let comma = (1..<min(n, 25)).first(where: { s.words[$0] == "," }),
            (1..<comma).contains(where: { ["poll", "polls", "survey", "surveys", "study", "studies"].contains(s.lower[$0]) }),
            let source = span(1, comma), let cue = span(0, 1)
        {
            // A participle clause after the poll ("..., conducted in early September,") belongs to it.
            var start = comma + 1
            if start < n, s.chunkOf[start]?.type == "VP", s.lower[start].hasSuffix("ed"),
                let next = (start..<min(n, start + 15)).first(where: { s.words[$0] == "," })
            {
                start = next + 1
            }
            // A statement of its own follows ("In a poll, voters said ..."): not framed.
            if (start..<n).contains(where: { cues.contains(s.lower[$0]) }) { return nil }
            if let content = trimmedSpan(s, from: start, to: n) {
                return (make(source: source, sourceWords: Array(s.words[1..<comma]), cue: cue, content: content, s: s, bytes: bytes), 0..<start)
            }
        }
        return nil
    }

    /// A statement signed after a dash at the end of its sentence: headlines such as
    /// "Militants fleeing Syria for Afghanistan - Moscow" and quote lists such as
    /// "“...” ― Jane Doe". The dash is the cue and the name after it the source, when it is a
    /// government metonym or a person's full name (a hyphen glued into the last word signs only
    /// for a metonym, so "Afghanistan-Pakistan" is not a statement by Pakistan). A headline
    /// kicker before a colon ("Alarming signs:") is left out of the content.
    func signedStatement(_ s: Sentence, next: Sentence?, bytes: UnsafeBufferPointer<UInt8>) -> (attribution: Attribution, tokens: Range<Int>)? {
        var end = s.tokens.count
        while end > 0, [".", "!", "?"].contains(s.words[end - 1]) { end -= 1 }
        guard end >= 3 else { return nil }
        func isMetonym(_ words: [String]) -> Bool {
            gazetteer.matches(words).contains { $0.start == 0 && $0.end == words.count && $0.entry.kind == "metonym" }
        }
        // A signature: a government metonym ("Moscow"), or a person's name of two to five
        // capitalised words led by a known given name or title ("Jane Doe", "Archbishop Carlo
        // Maria Viganò"); not a headline's last words ("3-Day Operation", "Pain Ensues").
        func isName(_ words: ArraySlice<String>) -> Bool {
            let list = Array(words)
            guard (1...5).contains(list.count),
                list.allSatisfy({ w in w.first.map { $0.isUppercase } == true && w.dropFirst().allSatisfy { $0.isLetter || $0 == "." || $0 == "'" } })
            else { return false }
            if isMetonym(list) { return true }
            guard list.count >= 2 else { return false }
            return gazetteer.matches([list[0]]).contains { $0.entry.kind == "given" || $0.entry.kind == "title" }
        }
        // The content: from the start (after a short kicker ending in a colon) to `stop`.
        func content(to stop: Int) -> TextRange? {
            var start = 0
            if let colon = s.words[0..<min(stop, 5)].firstIndex(of: ":") { start = colon + 1 }
            let words = s.words[start..<stop].filter { $0.first?.isLetter == true || $0.first?.isNumber == true }
            guard words.count >= 3 else { return nil }
            return trimmedSpan(s, from: start, to: stop)
        }
        // "“...” ― Jane Doe" split by the sentence splitter: the next sentence is only the dash
        // and the name, and this one ends a quotation.
        if let next, next.words.count >= 2, ["―", "—", "–"].contains(next.words[0]),
            s.words.suffix(2).contains(where: Self.isClosingQuote)
        {
            var last = next.words.count
            while last > 1, [".", "!", "?"].contains(next.words[last - 1]) { last -= 1 }
            if last > 1, isName(next.words[1..<last]), let text = trimmedSpan(s, from: 0, to: s.tokens.count) {
                let source = TextRange(next.tokens[1].range.start, next.tokens[last - 1].range.end)
                let a = make(source: source, sourceWords: Array(next.words[1..<last]), cue: next.tokens[0].range, content: text, s: s, bytes: bytes)
                return (a, 0..<0)
            }
        }
        // A hyphen glued inside the last word: "Afghanistan-Moscow".
        let lastWord = s.words[end - 1]
        if let hyphen = lastWord.lastIndex(of: "-"), hyphen != lastWord.startIndex {
            let name = String(lastWord[lastWord.index(after: hyphen)...])
            guard !name.isEmpty, isMetonym([name]), let text = content(to: end - 1) else { return nil }
            let token = s.tokens[end - 1].range
            let hyphenByte = token.start + lastWord.utf8.distance(from: lastWord.startIndex, to: hyphen)
            // The content runs to the end of the word before the hyphen.
            let body = TextRange(text.start, hyphenByte)
            let a = make(
                source: TextRange(hyphenByte + 1, token.end), sourceWords: [name], cue: TextRange(hyphenByte, hyphenByte + 1),
                content: body, s: s, bytes: bytes)
            return (a, (end - 1)..<end)
        }
        guard end >= 5, let dash = (max(1, end - 5)..<(end - 1)).last(where: { ["―", "—", "–", "-"].contains(s.words[$0]) }) else {
            return nil
        }
        let name = Array(s.words[(dash + 1)..<end])
        guard isName(name[...]), let text = content(to: dash) else { return nil }
        let cue = s.tokens[dash].range
        let source = TextRange(s.tokens[dash + 1].range.start, s.tokens[end - 1].range.end)
        return (make(source: source, sourceWords: name, cue: cue, content: text, s: s, bytes: bytes), dash..<end)
    }

    /// Labels that open a paragraph in capitals and a colon without being a speaker.
    static let nonSpeakerLabels: Set<String> = [
        "BREAKING", "UPDATE", "UPDATED", "WATCH", "EXCLUSIVE", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "READ MORE", "RELATED", "PHOTOS",
        "VIDEO", "LISTEN", "CORRECTION", "CLARIFICATION", "DISCLAIMER", "SOURCE", "SOURCES", "ALERT", "FACT", "FACT CHECK", "BOTTOM LINE",
        "THE BOTTOM LINE", "WHY IT MATTERS", "WHAT'S NEXT", "WHAT’S NEXT", "BACKGROUND", "CONTEXT", "ANALYSIS", "OPINION", "SUMMARY", "TL;DR",
        "ISBN", "ISSN", "DOI", "URL", "TEL", "FAX", "EMAIL", "E-MAIL", "PHONE", "ID", "PS", "NB", "RE", "FW", "CC", "BCC", "TAGS", "TOPICS",
    ]

    /// Whether a speaker's words start with a letter or a quotation mark and hold at least
    /// three words ("ISBN: 979-8-..." is no statement).
    static func isSpeech(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let c = bytes[start]
        guard (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c >= 0x80 else { return false }
        var spaces = 0
        for k in start..<min(end, start + 400) where bytes[k] == 0x20 { spaces += 1 }
        return spaces >= 2
    }

    /// Turns of a transcript: a paragraph that opens with a speaker's name in capitals and a
    /// colon ("PENCE: Well, look, ...", "CHRIS WALLACE: ..."). The name is the source, the colon
    /// the cue and the rest of the paragraph the content. At most three words of two or more
    /// capitals each; labels such as "UPDATE:" or "EDITOR'S NOTE:" are not speakers.
    static func transcriptTurns(paragraphs: [TextRange], bytes: UnsafeBufferPointer<UInt8>) -> [Attribution] {
        var out: [Attribution] = []
        for paragraph in paragraphs {
            // A block quotation's opening mark may come first.
            let nameStart = paragraph.start + (paragraph.length > 0 ? openingMarkLength(bytes, at: paragraph.start) : 0)
            var i = nameStart
            var words = 0
            var letters = 0
            var colon: Int?
            // Bounded: a name of at most 40 bytes.
            while i < paragraph.end, i - nameStart < 40 {
                let c = bytes[i]
                if c >= 0x41 && c <= 0x5A {
                    letters += 1
                } else if c == 0x20 || c == UInt8(ascii: ".") || c == UInt8(ascii: "'") || c == UInt8(ascii: "-") {
                    if c == 0x20 {
                        guard letters >= 2 else { break }
                        words += 1
                        letters = 0
                    }
                } else if c == UInt8(ascii: ":") {
                    if letters >= 2 { colon = i }
                    break
                } else {
                    break
                }
                i += 1
            }
            guard let colon, words < 3 else { continue }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<colon]), as: UTF8.self)
            guard !nonSpeakerLabels.contains(name) else { continue }
            let content = afterColon(colon, to: paragraph.end, bytes)
            guard content.length > 3, isSpeech(bytes, content.start, content.end) else { continue }
            out.append(Attribution(source: TextRange(nameStart, colon), cue: TextRange(colon, colon + 1),
                content: content, sourceKind: .named, direct: openingMarkLength(bytes, at: content.start) > 0))
        }
        return out
    }

    /// A headline that names its speaker before a colon ("Sanders: Clinton needs to ...",
    /// "Loretta Lynch: ‘Be the voice ...’", "Poll: Clinton and Trump in dead heat"): one to
    /// three capitalised words, not a label ("Analysis:", "Exclusive:"), a place ("Syria:") or
    /// a date. Only the document's first paragraph is read so.
    func headlineSpeaker(_ headline: TextRange?, bytes: UnsafeBufferPointer<UInt8>) -> [Attribution] {
        guard let headline else { return [] }
        var colon: Int?
        var i = headline.start
        while i < headline.end, i - headline.start < 40 {
            if bytes[i] == UInt8(ascii: ":") {
                colon = i
                break
            }
            i += 1
        }
        guard let colon, colon > headline.start else { return [] }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[headline.start..<colon]), as: UTF8.self)
        let words = name.split(separator: " ").map(String.init)
        guard (1...3).contains(words.count),
            words.allSatisfy({ w in
                w.first!.isUppercase && w.allSatisfy { $0.isLetter || $0 == "." || $0 == "-" || $0 == "'" || $0 == "\u{2019}" }
            }),
            !Self.nonSpeakerLabels.contains(name.uppercased()),
            // A phrase ("Stealth Over Health", "The Latest"), not a name.
            !words.contains(where: { ["the", "a", "an", "of", "over", "on", "in", "for", "to", "with", "and", "or", "at", "by", "from", "vs."].contains($0.lowercased()) }),
            // Labels of headlines only (the shared ones, "Analysis", "Opinion", are checked above).
            !["editorial", "commentary", "review", "interview", "report", "live", "timeline", "explainer", "poll results"].contains(name.lowercased()),
            !words.contains(where: { DateExpressions.months[$0.lowercased()] != nil || DateExpressions.weekdays[$0.lowercased()] != nil })
        else { return [] }
        // A place is a dateline or a topic, not a speaker.
        let places = gazetteer.matches(words).filter { ["country", "city", "region", "demonym"].contains($0.entry.kind) }
        if places.contains(where: { $0.start == 0 && $0.end == words.count }) { return [] }
        let content = Self.afterColon(colon, to: headline.end, bytes)
        // A headline is short and one sentence; a lede after a desk's dateline is not.
        let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[content.start..<content.end]), as: UTF8.self)
        guard content.length > 3, Self.isSpeech(bytes, content.start, content.end), rest.split(separator: " ").count <= 16,
            !rest.dropLast().contains(". ")
        else { return [] }
        return [Attribution(source: TextRange(headline.start, colon), cue: TextRange(colon, colon + 1), content: content,
            sourceKind: kind(of: words), direct: Self.openingMarkLength(bytes, at: content.start) > 0)]
    }

    /// What follows a speaker's colon up to `end`, without the white space around it.
    static func afterColon(_ colon: Int, to end: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> TextRange {
        var start = colon + 1
        var end = end
        while start < end, [0x20, 0x09].contains(bytes[start]) { start += 1 }
        while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return TextRange(start, end)
    }

    /// The length of a quotation's opening mark at byte `i`: 1 for a straight mark, 3 for “,
    /// 0 for none.
    static func openingMarkLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") { return 1 }
        return curlyQuote(bytes, at: i, opening: true) ? 3 : 0
    }

    /// Whether a curly quotation mark, “ (opening) or ” (closing), starts at byte `i`.
    static func curlyQuote(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, opening: Bool) -> Bool {
        i + 2 < bytes.count && bytes[i] == 0xE2 && bytes[i + 1] == 0x80 && bytes[i + 2] == (opening ? 0x9C : 0x9D)
    }

    /// A quotation resumed after its attribution in the same paragraph, “A,” X said. “B.” or
    /// “A,” said X, “and B.”: a quoted stretch that no attribution covers, separated from a
    /// direct quote's source and cue by nothing but spaces and punctuation, is the same
    /// speaker's (same source and cue; without this it would read as the author's own claim).
    /// - Complexity: O(paragraph bytes + attributions × log attributions) per paragraph.
    static func resumedQuotes(_ found: [Attribution], paragraphs: [TextRange], bytes: UnsafeBufferPointer<UInt8>) -> [Attribution] {
        func opening(_ i: Int) -> Int? {
            if bytes[i] == UInt8(ascii: "\"") { return (i == 0 || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x0A || bytes[i - 1] == 0x0D) ? 1 : nil }
            return curlyQuote(bytes, at: i, opening: true) ? 3 : nil
        }
        func closing(_ i: Int) -> Int? {
            if bytes[i] == UInt8(ascii: "\"") { return 1 }
            return curlyQuote(bytes, at: i, opening: false) ? 3 : nil
        }
        // Between the attribution and the resumed quote: a comma, full stop, semicolon or colon,
        // and spaces ("told “Fox & Friends”" names a venue, not a resumed quote).
        func onlyPunctuation(_ a: Int, _ b: Int) -> Bool {
            guard a < b, b - a <= 4 else { return false }
            return (a..<b).allSatisfy { [0x20, 0x2C, 0x2E, 0x3B, 0x3A].contains(bytes[$0]) } && (a..<b).contains { bytes[$0] != 0x20 }
        }
        var out: [Attribution] = []
        for (p, inParagraph) in byParagraph(found, paragraphs).enumerated() {
            let paragraph = paragraphs[p]
            let own = inParagraph.map { found[$0] }.sorted { $0.content.start < $1.content.start }
            guard own.contains(where: \.direct) else { continue }
            // (The quotes taken below come one after another and never overlap each other, so
            // only the statements' own spans need asking.)
            let taken = OverlapIndex(own.flatMap { [$0.content, $0.cue] + ($0.source.map { [$0] } ?? []) })
            // Direct quotes by where their last span ends, for the speaker of a resumed quote.
            var endingAt: [Int: [Int]] = [:]
            for (k, a) in own.enumerated() where a.direct { endingAt[max(a.cue.end, a.source?.end ?? 0, a.content.end), default: []].append(k) }
            var i = paragraph.start
            while i < paragraph.end {
                guard let open = opening(i) else {
                    i += 1
                    continue
                }
                // The matching close, within the paragraph.
                var j = i + open
                var close: Int?
                while j < paragraph.end {
                    if let c = closing(j) {
                        close = j + c
                        break
                    }
                    j += 1
                }
                guard let end = close else { break }
                let quote = TextRange(i, end)
                defer { i = end }
                guard !taken.overlaps(quote) else { continue }
                // The (last) direct quote whose source or cue ends right before this one: at most
                // four bytes of punctuation between them.
                let speaker = ((quote.start - 4)..<quote.start).flatMap { last -> [Int] in
                    guard let ending = endingAt[last], onlyPunctuation(last, quote.start) else { return [] }
                    return ending.filter { own[$0].content.end <= quote.start }
                }.max()
                guard let speaker else { continue }
                var resumed = own[speaker]
                resumed.content = quote
                resumed.direct = true
                out.append(resumed)
            }
        }
        return out
    }

    /// Quotes running over paragraphs: a paragraph that is wholly a quotation, with no
    /// attribution of its own, right after a paragraph holding a direct quote, continues that
    /// speaker (same source and cue).
    /// - Complexity: O(text + attributions × log attributions).
    static func continuedQuotes(_ found: [Attribution], paragraphs: [TextRange], bytes: UnsafeBufferPointer<UInt8>) -> [Attribution] {
        var out: [Attribution] = []
        var previous: Attribution?
        let contents = OverlapIndex(found.map(\.content))
        for (p, inParagraph) in byParagraph(found, paragraphs).enumerated() {
            let paragraph = paragraphs[p]
            let own = inParagraph.map { found[$0] }
            if own.isEmpty, let speaker = previous, paragraph.length > 2, openingMarkLength(bytes, at: paragraph.start) > 0, !namesSpeaker(paragraph, bytes),
                !contents.overlaps(paragraph)
            {
                var continued = speaker
                continued.content = paragraph
                continued.direct = true
                out.append(continued)
                previous = continued
                continue
            }
            previous = own.last(where: { $0.direct })
        }
        return out
    }

    /// The indices of the statements whose cue starts in each paragraph, in their order.
    /// - Complexity: O(statements × log paragraphs).
    static func byParagraph(_ found: [Attribution], _ paragraphs: [TextRange]) -> [[Int]] {
        var out = [[Int]](repeating: [], count: paragraphs.count)
        for (k, a) in found.enumerated() {
            if let p = paragraphs.indexContaining(a.cue.start) { out[p].append(k) }
        }
        return out
    }

    /// Whether a quotation's paragraph goes on to name a speaker of its own ("..., said X.",
    /// “...,” X says), found or not: then it does not continue the previous one.
    static func namesSpeaker(_ paragraph: TextRange, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = paragraph.start + 1
        while i + 1 < paragraph.end {
            // A closing mark after a comma, then one of the commonest cues within 60 bytes.
            let closes = (bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "?") || bytes[i] == UInt8(ascii: "!"))
                && (bytes[i + 1] == UInt8(ascii: "\"") || curlyQuote(bytes, at: i + 1, opening: false))
            if closes {
                let tail = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<min(paragraph.end, i + 60)]), as: UTF8.self)
                let words = tail.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
                if words.prefix(7).contains(where: { ["said", "says", "told", "added", "asked", "wrote", "writes", "stated"].contains($0) }) { return true }
            }
            i += 1
        }
        return false
    }

    /// Keeps one attribution per cue; drops one whose cue is inside a quotation while its content
    /// runs out of it; and drops a learned-cue attribution whose content swallows the cue or
    /// source of a lexicon one ("The group seeks to expand, X warned"), or that repeats one's
    /// source and content.
    static func consistent(_ found: [Attribution]) -> [Attribution] {
        var kept: [Attribution] = []
        for a in found where !kept.contains(where: { $0.cue.overlaps(a.cue) }) { kept.append(a) }
        // A cue inside someone's quotation may report a nested statement, but not one whose
        // content runs out of the quotation ("“We warned them,” X told reporters").
        kept = kept.filter { a in
            !kept.contains { quote in
                quote != a && quote.direct && quote.content.contains(a.cue) && !quote.content.contains(a.content)
            }
        }
        return kept.filter { a in
            guard a.learnedCue else { return true }
            // Nor a second cue for the statement a lexicon cue reports ("[said](#) in late
            // January" gave both "said" and "late").
            return !kept.contains { other in
                !other.learnedCue && other != a
                    && (a.content.contains(other.cue) || other.source.map { a.content.overlaps($0) } == true
                        || (other.content == a.content && other.source == a.source))
            }
        }
    }

    /// Where a statement was made: "told Tasnim news agency", "told reporters", "in an interview
    /// with Rossiya-24", "addressed two UN Security Council committees", "in a statement",
    /// "on Twitter", "at a press conference". Only words outside the content count.
    func venue(_ s: Sentence, outside content: TextRange) -> TextRange? {
        let n = s.tokens.count
        func outsideContent(_ k: Int) -> Bool { !content.contains(s.tokens[k].range.start) }
        func phrase(from start: Int) -> TextRange? {
            guard start < n, outsideContent(start), let np = s.chunkOf[start], np.type == "NP" || s.tokens[start].kind == .word else { return nil }
            var end = max(start + 1, np.type == "NP" ? np.end : start + 1)
            // "two UN Security Council committees", "Russia's news agency RIA Novosti"
            while end < n, outsideContent(end), s.chunkOf[end]?.type == "NP", s.chunkOf[end]?.start == end || s.words[end - 1] == "’s" || s.words[end - 1] == "'s" {
                end = s.chunkOf[end]!.end
            }
            while end > start,
                Self.isBoundary(s.words[end - 1]) || ["that", "the"].contains(s.lower[end - 1])
                    || DateExpressions.weekdays[s.lower[end - 1]] != nil || ["yesterday", "today"].contains(s.lower[end - 1])
            {
                end -= 1
            }
            guard end > start else { return nil }
            return TextRange(s.tokens[start].range.start, s.tokens[end - 1].range.end)
        }
        // In order of precision: who was told or addressed, whom the interview was with, then
        // the kind of occasion.
        for k in 0..<n where outsideContent(k) {
            if ["told", "tells", "telling", "addressed", "addressing"].contains(s.lower[k]), let v = phrase(from: k + 1) { return v }
        }
        for k in 0..<n where outsideContent(k) {
            if s.lower[k] == "interview", k + 2 < n, s.lower[k + 1] == "with", let v = phrase(from: k + 2) { return v }
        }
        for k in 0..<n where outsideContent(k) {
            let w = s.lower[k]
            if ["in", "on", "at", "during"].contains(w), k + 1 < n {
                var j = k + 1
                if j < n, ["a", "an", "the", "his", "her", "their", "its"].contains(s.lower[j]) { j += 1 }
                if j < n, Self.venueNouns.contains(s.lower[j]) || (j + 1 < n && Self.venueNouns.contains(s.lower[j + 1])) {
                    let end = min(n, j + (Self.venueNouns.contains(s.lower[j]) ? 1 : 2))
                    return TextRange(s.tokens[k + 1].range.start, s.tokens[end - 1].range.end)
                }
            }
        }
        return nil
    }

    static let venueNouns: Set<String> = [
        "statement", "interview", "speech", "tweet", "twitter", "facebook", "telegram", "conference", "briefing", "letter",
        "report", "op-ed", "post", "podcast", "broadcast", "television", "radio", "press", "hearing", "session", "meeting",
        "summit", "rally", "address", "video", "testimony",
    ]

    /// A quotation that ends in this sentence but opened earlier in the paragraph
    /// (“First sentence. Second one,” he said) is taken from its opening mark: curly marks,
    /// straight ones (which open after a space or at the paragraph's start), or doubled
    /// apostrophes (''...'', as some papers print them).
    static func extendQuote(_ a: Attribution, paragraphs: [TextRange], bytes: UnsafeBufferPointer<UInt8>) -> Attribution {
        let content = a.content
        guard content.length >= 3, let p = paragraphs.indexContaining(content.start) else { return a }
        let paragraph = paragraphs[p]
        func opened(at i: Int) -> Attribution {
            var extended = a
            extended.content = TextRange(i, content.end)
            extended.direct = true
            return extended
        }
        func opensAfterSpace(_ i: Int) -> Bool {
            i == paragraph.start || [0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: "(")].contains(bytes[i - 1])
        }
        let quote = UInt8(ascii: "\"")
        let apostrophe = UInt8(ascii: "'")
        let curly = bytes[content.end - 1] == 0x9D && bytes[content.end - 3] == 0xE2
        // The closing mark's first byte and length, for the straight kinds.
        let straight: (byte: UInt8, length: Int)? =
            bytes[content.end - 1] == quote ? (quote, 1)
            : bytes[content.end - 1] == apostrophe && bytes[content.end - 2] == apostrophe ? (apostrophe, 2) : nil
        guard curly || straight != nil else { return a }
        func isMark(_ k: Int) -> Bool {
            guard let straight else { return curlyQuote(bytes, at: k, opening: true) }
            return bytes[k] == straight.byte && (straight.length == 1 || bytes[k + 1] == apostrophe)
        }
        // The content must hold no opening mark of its own.
        if (content.start..<(content.end - (straight?.length ?? 3))).contains(where: isMark) { return a }
        var i = content.start
        while i > paragraph.start, content.start - i < 4000 {
            i -= 1
            if straight != nil {
                if isMark(i) { return opensAfterSpace(i) ? opened(at: i) : a }
            } else {
                if curlyQuote(bytes, at: i, opening: true) { return opened(at: i) }
                if curlyQuote(bytes, at: i, opening: false) { return a }  // another quote closes first
            }
        }
        return a
    }

    /// Builds the attribution and classifies its source.
    func make(source: TextRange?, sourceWords: [String], cue: TextRange, content: TextRange, s: Sentence, bytes: UnsafeBufferPointer<UInt8>)
        -> Attribution
    {
        var content = content
        let direct = Self.openingMarkLength(bytes, at: content.start) > 0
        // A conjunction or a free relative before the speaker is not theirs: "yet Donald Trump
        // brags", "what Trump says", "Everything Trump says is ...".
        var source = source
        var sourceWords = sourceWords
        if let found = source, sourceWords.count > 1, Self.notTheSpeakers.contains(sourceWords[0].lowercased()),
            let k = s.tokens.firstIndex(where: { $0.range.start == found.start }), k + 1 < s.tokens.count, s.tokens[k + 1].range.start < found.end
        {
            source = TextRange(s.tokens[k + 1].range.start, found.end)
            sourceWords.removeFirst()
        }
        // A relative pronoun ("Anna Berg, who said ...", "a resident who asked not to be named")
        // is as named as the phrase it stands for.
        var kindWords = sourceWords
        var asksAnonymity = false
        var antecedent: TextRange?
        if sourceWords.count == 1, ["who", "which"].contains(sourceWords[0].lowercased()), let source,
            let k = s.tokens.firstIndex(where: { $0.range.start == source.start }), k >= 1,
            let chunk = s.words[k - 1] == "," ? (k >= 2 ? s.chunkOf[k - 2] : nil) : s.chunkOf[k - 1], chunk.type == "NP"
        {
            // With the phrases it is of, at or in: "A researcher at the Mesk Institute of
            // Hydrology, who ...".
            let start = prepositionalChainStart(s, from: chunk.start)
            kindWords = Array(s.words[start..<chunk.end])
            antecedent = TextRange(s.tokens[start].range.start, s.tokens[chunk.end - 1].range.end)
            // A clause between commas ends at its closing comma, where the sentence's own verb
            // resumes: "Korvane, which denies sending waste abroad, did not comment".
            if s.words[k - 1] == ",", !direct, let end = s.tokens.indices.first(where: { c in
                c + 1 < s.tokens.count && s.words[c] == "," && s.tokens[c].range.start > content.start && s.tokens[c].range.end <= content.end
                    && s.chunkOf[c + 1]?.type == "VP" && s.chunkOf[c + 1]?.start == c + 1 && !s.lower[c + 1].hasSuffix("ing")
            }) {
                content = TextRange(content.start, s.tokens[end].range.start)
            }
        }
        // A source that asks not to be named, in its own words or in what stands between it and
        // the cue: "One farmer, who asked not to be named, said"; "An engineer, speaking on
        // condition of anonymity, said"; "..., said an official who declined to be identified".
        if let source, let first = s.tokens.firstIndex(where: { $0.range.start >= source.start }) {
            let end = source.end <= cue.start
                ? (s.tokens.firstIndex { $0.range.start >= cue.start } ?? s.tokens.count) : s.tokens.count
            asksAnonymity = first < end && Self.asksAnonymity(s.lower[first..<min(end, first + 30)])
        }
        var kind = asksAnonymity ? .anonymous : kind(of: kindWords)
        if kind == .unattributed, let source, kindWords.count == 1 {
            let word = kindWords[0].lowercased()
            let cueWords = s.tokens.indices.filter { cue.contains(s.tokens[$0].range.start) }.map { s.lower[$0] }
            let impersonal = cueWords.contains { ["is", "was", "are", "were", "be", "been", "being", "'s", "\u{2019}s"].contains($0) }
                || cueWords.contains { ["seem", "seems", "seemed", "appear", "appears", "appeared", "emerged", "turns", "turned"].contains($0) }
            // A relative pronoun with no phrase before it to stand for ("voters who said ...":
            // the chunker took the noun elsewhere), and an "it" that acts ("It says the
            // campaign ...", a report or a group) name someone; "it was reported" and "it seems"
            // do not.
            // (A capital "Who" asks: "Who would have believed ...".)
            if ["who", "which"].contains(kindWords[0]) || (word == "it" && !impersonal && source.end <= cue.start) { kind = .named }
        }
        // "It was reported that ...": no one is the source.
        var attribution = Attribution(source: kind == .unattributed ? nil : source, cue: cue, content: content, sourceKind: kind, direct: direct)
        attribution.antecedent = kind == .unattributed ? nil : antecedent
        return attribution
    }

    /// The kind of a source from its words (as written): a head from the anonymous or vague
    /// lists with no proper name beside it (countries and demonyms do not name anyone: "US
    /// officials" stay anonymous); "it"/"there" are unattributed; anything else is named.
    func kind(of words: [String]) -> SourceKind {
        let lower = words.map { $0.lowercased() }
        if lower.contains(where: { ["anonymous", "unnamed", "unidentified"].contains($0) }) || Self.asksAnonymity(lower[...]) { return .anonymous }
        // The head is the last word before a preposition or relative clause ("sources in Syria",
        // "a source who has access to ...").
        let cut = lower.firstIndex(where: { ["in", "of", "at", "from", "with", "close", "who", "that", "familiar", "on"].contains($0) }) ?? lower.count
        // A coordination before that ("many news agencies, local authorities and Afghan MPs")
        // names someone when one of its members does, and is otherwise of its first member's
        // kind; an appositive ("Zamir Kabulov, the Russian envoy") is read the same way.
        var members: [Range<Int>] = []
        var start = 0
        for i in 0..<cut where [",", "and", "or", "&"].contains(lower[i]) {
            if i > start { members.append(start..<i) }
            start = i + 1
        }
        if start < cut { members.append(start..<cut) }
        // What follows the head phrase ("... in Syria") belongs to the last member.
        if let last = members.popLast() { members.append(last.lowerBound..<words.count) }
        guard members.count > 1 else { return kind(of: words, lower: lower, cut: cut) }
        let kinds = members.map { r in kind(of: Array(words[r]), lower: Array(lower[r]), cut: min(cut, r.upperBound) - r.lowerBound) }
        return kinds.contains(.named) ? .named : kinds[0]
    }

    /// The kind of one source phrase without coordination, `cut` where its head phrase ends.
    func kind(of words: [String], lower: [String], cut: Int) -> SourceKind {
        guard let headIndex = lower[..<cut].lastIndex(where: { $0.first?.isLetter == true }) else { return .unattributed }
        let head = lower[headIndex]
        if lower.count == 1, ["it", "there"].contains(head) { return .unattributed }
        let listed = Set(gazetteer.matches(words).filter { ["country", "demonym", "city", "region"].contains($0.entry.kind) }
            .flatMap { Array($0.start..<$0.end) })
        // A proper name in the head phrase (not in "sources in Syria") names someone; the
        // plural of an initialism ("MPs", "NGOs") is a common noun.
        let namesSomeone = (0..<cut).contains { i in
            i > 0 && words[i].first?.isUppercase == true && !listed.contains(i) && !Self.isInitialismPlural(words[i])
        }
        if anonymousHeads.contains(head), !namesSomeone { return .anonymous }
        if vagueHeads.contains(head), !namesSomeone { return .vague }
        // A number or quantifier and a noun for a person: "one farm hand", "a Pentagon official".
        return counted.kind(words: words, lower: lower, places: listed) ?? .named
    }

    /// "came to the conclusion (that ...)": a judgement reported in four words, its cue running
    /// to "conclusion".
    static func reachesConclusion(_ lower: [String], at i: Int) -> Bool {
        ["came", "come", "comes", "coming"].contains(lower[i]) && i + 3 < lower.count && lower[i + 1] == "to"
            && ["the", "a"].contains(lower[i + 2]) && lower[i + 3] == "conclusion"
    }

    /// Where a list of noun phrases ends that starts with the one ending at `end`: ", B and C"
    /// or "and B" after it ("by many news agencies, local authorities and Afghan MPs"). Commas
    /// alone do not make a list: without a closing "and" or "or", `end` is returned.
    func coordinationEnd(_ s: Sentence, from end: Int) -> Int {
        let n = s.tokens.count
        var k = end
        for _ in 0..<6 {
            guard k < n else { break }
            let comma = s.words[k] == ","
            let conjunction = ["and", "or"].contains(s.lower[k]) || (comma && k + 1 < n && ["and", "or"].contains(s.lower[k + 1]))
            guard comma || conjunction else { break }
            let next = k + (conjunction && comma ? 2 : 1)
            guard next < n, let (_, e) = nounPhrase(s, startingAt: next) else { break }
            // (The chunker may end a phrase on the conjunction, "local officials and | Selva
            // MPs", or take the last two members as one, "local authorities and Afghan MPs".)
            if ["and", "or"].contains(s.lower[e - 1]) {
                guard let (_, last) = nounPhrase(s, startingAt: e) else { break }
                return withPrepositions(s, from: last)
            }
            k = withPrepositions(s, from: e)
            if conjunction || s.lower[next..<e].contains(where: { $0 == "and" || $0 == "or" }) { return k }
        }
        return end
    }

    /// "MPs", "NGOs", "CEOs": two or more capitals and a lower-case "s".
    static func isInitialismPlural(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        return scalars.count >= 3 && scalars.last == "s" && scalars.dropLast().allSatisfy { $0.properties.isUppercase }
    }

    /// Whether words ask not to be named: "who asked not to be named", "declined to be
    /// identified", "on condition of anonymity".
    static func asksAnonymity(_ lower: ArraySlice<String>) -> Bool {
        let words = Array(lower)
        if words.contains("anonymity") { return true }
        for i in words.indices.dropFirst(2) where ["named", "identified"].contains(words[i]) && words[i - 1] == "be" && words[i - 2] == "to" {
            if i >= 3, ["not", "declined", "refused", "asked"].contains(words[i - 3]) { return true }
        }
        return false
    }

    /// Whether token `i` works as a verb here (not "the said document").
    func isVerbal(_ s: Sentence, _ i: Int) -> Bool {
        // After a determiner or a possessive, a cue word is a noun ("his claims of", "the
        // president’s claims about"); "’s" after a pronoun is "is" or "has" ("He’s claiming").
        if i > 0, Self.determiners.contains(s.lower[i - 1])
            // After a preposition too ("in hopes that"), unless a gerund ("by saying").
            || (Self.nounPrepositions.contains(s.lower[i - 1]) && !s.lower[i].hasSuffix("ing"))
            || (["'s", "\u{2019}s"].contains(s.lower[i - 1]) && !(i > 1 && Self.contractingPronouns.contains(s.lower[i - 2])))
        {
            return false
        }
        if let chunk = s.chunkOf[i], chunk.type != "VP" {
            // A headline in title case: the chunker reads "Obama Says ..." as one noun phrase.
            return i > 0 && i + 2 < s.tokens.count && Self.headlineVerbs.contains(s.lower[i]) && s.words[i].first?.isUppercase == true
                && s.titleCase
        }
        return true
    }

    /// Verbs whose object is who would act in the infinitive after it ("asking prosecutors to
    /// charge", "requires candidates to disclose").
    static let objectControlVerbs: Set<String> = [
        "ask", "asks", "asked", "asking", "require", "requires", "required", "requiring", "urge", "urges", "urged", "urging",
        "allow", "allows", "allowed", "allowing", "dare", "dared", "daring", "force", "forced", "forcing", "encourage",
        "encouraged", "encouraging", "want", "wants", "wanted", "expect", "expects", "expected", "need", "needs", "needed",
        "invite", "invited", "inviting", "pressure", "pressured", "pressuring", "call", "called", "calling", "let", "get", "got",
        "persuade", "persuaded", "compel", "compelled", "order", "ordered", "tell", "told", "permit", "permitted",
    ]

    /// Adjectives that tie a group to someone: "Those close to him", "people familiar with".
    static let relationAdjectives: Set<String> = [
        "close", "loyal", "familiar", "sympathetic", "allied", "friendly", "hostile", "connected", "linked", "opposed", "aligned", "tied",
    ]
    /// Words that open a clause inside a sentence ("as China and Russia support ...").
    static let subordinators: Set<String> = [
        "as", "while", "because", "since", "when", "after", "before", "if", "that", "where", "although", "though", "whereas", "until",
    ]

    static let nounPrepositions: Set<String> = ["in", "of", "with", "for", "on", "at", "from", "about", "amid", "despite", "without"]
    static let determiners: Set<String> = ["his", "her", "their", "its", "our", "my", "your", "the", "a", "an"]
    static let contractingPronouns: Set<String> = ["he", "she", "it", "who", "that", "there", "what", "here", "where", "one"]

    /// Reporting verbs that a title-case headline ("New Poll Shows ...") may use.
    static let headlineVerbs: Set<String> = [
        "says", "shows", "reveals", "warns", "admits", "denies", "insists", "accuses", "blames", "confirms", "suggests", "tells",
    ]

    /// Whether most longer words of the sentence are capitalised (a headline).
    static func isTitleCase(_ words: [String]) -> Bool {
        let words = words.filter { $0.first?.isLetter == true && $0.count > 3 }
        return words.count >= 4 && words.filter { $0.first?.isUppercase == true }.count * 5 >= words.count * 4
    }

    /// A cue that does not report speech here: a statement still to come ("more to say"), or
    /// "called" naming something ("a group called Lashkar-e-Taiba", "The program, called
    /// EB-5,", "members, called to service by"), phoning in ("called into the show") or
    /// convening ("called an emergency meeting").
    func notSpeech(_ s: Sentence, cueStart: Int, verb i: Int, cueEnd: Int) -> Bool {
        // "have more to say about": what someone will say is no statement yet.
        if (cueStart..<cueEnd).contains(where: { Self.promisesStatement(s, at: $0) }) { return true }
        // Set phrases: "Having said that, ...", "Let's say you ..." (a supposition).
        if cueStart > 0, s.lower[i] == "said", s.lower[cueStart - 1] == "having" { return true }
        if cueStart > 0, s.lower[i] == "say", ["let's", "let\u{2019}s", "us"].contains(s.lower[cueStart - 1]) { return true }
        guard s.lower[i] == "called", cueEnd < s.tokens.count else { return false }
        let next = s.lower[cueEnd]
        if ["in", "into", "by", "off"].contains(next) { return true }
        if next == "to", cueEnd + 1 < s.tokens.count, s.lower[cueEnd + 1] != "be" { return true }
        // A participle right after a comma or an indefinite noun, naming what follows.
        let capitalisedNext = s.words[cueEnd].first?.isUppercase == true
            || (next == "the" && cueEnd + 1 < s.tokens.count && s.words[cueEnd + 1].first?.isUppercase == true)
        if capitalisedNext, cueStart == i, cueStart > 0 {
            var k = next == "the" ? cueEnd + 1 : cueEnd
            while k < s.tokens.count, s.words[k].first?.isUppercase == true || s.words[k] == "-" || s.tokens[k].kind == .number { k += 1 }
            let nameEnds = k == s.tokens.count || [",", ")", ".", ";"].contains(s.words[k])
            if s.words[cueStart - 1] == ",", nameEnds, !(cueStart >= 2 && s.words[cueStart - 2].first?.isUppercase == true) { return true }
            if let chunk = s.chunkOf[cueStart - 1], chunk.type == "NP", ["a", "an"].contains(s.lower[chunk.start]) { return true }
        }
        if ["a", "an"].contains(next),
            s.lower[(cueEnd + 1)..<min(s.tokens.count, cueEnd + 4)].contains(where: Self.convenedThings.contains)
        {
            return true
        }
        return false
    }

    static let convenedThings: Set<String> = [
        "meeting", "session", "conference", "election", "vote", "halt", "strike", "summit", "referendum", "recess", "timeout",
    ]

    /// Where a phrase that follows "by" joins the document it is the author of: "a 2014 study
    /// by | Harvard", "research conducted by | the Center", "an analysis released by | the
    /// department". Nil when "by" and such a document do not come right before `start`.
    func documentBy(_ s: Sentence, before start: Int) -> Int? {
        guard start > 1, s.lower[start - 1] == "by" else { return nil }
        var k = start - 2
        if k > 0, Self.documentVerbs.contains(s.lower[k]) { k -= 1 }
        guard let np = s.chunkOf[k], np.type == "NP", np.end == k + 1, Self.documentHeads.contains(s.lower[k]) else { return nil }
        return np.start
    }

    static let documentHeads: Set<String> = [
        "study", "studies", "analysis", "analyses", "report", "reports", "survey", "surveys", "poll", "polls", "research", "review",
        "investigation", "audit", "paper", "memo", "assessment", "estimate", "estimates", "projection", "projections", "findings",
    ]
    static let documentVerbs: Set<String> = ["conducted", "released", "published", "commissioned", "compiled", "prepared", "issued", "carried"]

    enum Speakerless { case notAStatement, noSpeakerInReach }

    static let quantityObjects: Set<String> = ["more", "much", "little", "nothing", "something", "anything", "time", "lot", "plenty", "less"]

    /// Whether token `k` and the next read "more to", "time to", ...: a statement still to
    /// come ("will have more to say"), not one made.
    static func promisesStatement(_ s: Sentence, at k: Int) -> Bool {
        k >= 0 && k + 1 < s.tokens.count && s.lower[k + 1] == "to" && quantityObjects.contains(s.lower[k])
    }

    /// A phrase before the cue that cannot be its speaker: a quantity that is the verb's object
    /// ("have more to say", "no time to say": no statement), or the rest of a verb phrase or an
    /// imperative's opening ("... and believe", "Now tell us", "Let's say", "don't for a moment
    /// believe": a statement whose speaker is not in the sentence).
    /// Whether a pronoun subject opens a relative clause about the noun before it, whose object
    /// that noun is: "the four loopholes he cited are ...", "an opportunity he largely missed",
    /// "problems that he blamed on ...". What such a verb says is the noun, not a statement.
    func objectRelative(_ s: Sentence, _ ss: Int, _ se: Int) -> Bool {
        guard se - ss == 1, ["he", "she", "they", "we", "i", "you"].contains(s.lower[ss]), ss > 0 else { return false }
        var k = ss - 1
        if ["that", "which"].contains(s.lower[k]), k > 0 { k -= 1 }
        guard let np = s.chunkOf[k], np.type == "NP", s.tokens[k].kind == .word, s.words[k].first?.isLetter == true,
            !Self.isTimeWord(s.lower[k]), !Self.venueHeads.contains(s.lower[k]),
            !["he", "she", "they", "we", "i", "you", "it", "him", "her", "them", "us", "me", "who"].contains(s.lower[k]),
            !Self.auxiliaries.contains(s.lower[k]),
            // Not a preposition's object ("In an interview he said") nor a reporting verb's
            // ("told the audience that she believes").
            np.start == 0 || s.chunkOf[np.start - 1]?.type != "PP" && !cues.contains(s.lower[np.start - 1])
        else { return false }
        return true
    }

    static func speakerless(_ s: Sentence, _ ss: Int, _ se: Int, cue: Int) -> Speakerless? {
        let last = s.lower[se - 1]
        if promisesStatement(s, at: cue - 2) { return .notAStatement }
        if ["and", "or", "but", "so"].contains(last) { return .noSpeakerInReach }
        var first = ss
        if se - ss > 1, ["but", "and", "so"].contains(s.lower[first]) { first += 1 }
        let word = s.lower[first]
        if ["now", "let's", "let\u{2019}s", "let", "don't", "don\u{2019}t", "please"].contains(word) { return .noSpeakerInReach }
        if ["do", "don"].contains(word), first + 1 < se, ["n't", "n\u{2019}t", "'t", "\u{2019}t", "not"].contains(s.lower[first + 1]) {
            return .noSpeakerInReach
        }
        return nil
    }

    /// The subject noun phrase that ends right before `end` (skipping adverbs like "also"),
    /// extended left over "of"/"'s" chains, titles and a comma appositive.
    func subjectPhrase(_ s: Sentence, endingBefore end: Int) -> (Int, Int)? {
        var e = end
        // Adverbs and time adverbials between subject and verb: "also", "particularly",
        // "last September", "earlier", "on Friday".
        while e > 0 {
            let w = s.lower[e - 1]
            if ["also", "then", "later", "previously", "repeatedly", "reportedly", "once", "further", "earlier", "yesterday",
                "today", "recently", "last", "this", "next", "week", "month", "year", "on", "now", "still", "often", "already",
                "never", "even", "just", "again", "("].contains(w) || Self.negations.contains(w)
                // "in April", "in 2015": a time after the subject.
                || (e >= 2 && ["in", "on", "at", "since"].contains(s.lower[e - 2])
                    && (DateExpressions.months[w] != nil || (s.tokens[e - 1].kind == .number && w.count == 4)))
                // A contracted "is" or "has" after a pronoun ("He’s claiming").
                || (e >= 2 && ["'s", "\u{2019}s"].contains(w) && ["he", "she", "it", "that", "who", "there"].contains(s.lower[e - 2]))
                || (w.hasSuffix("ly") && w.count > 4 && s.words[e - 1].first?.isLowercase == true && s.chunkOf[e - 1]?.type != "NP")
                // A bare month, unless it ends a name ("Prime Minister Theresa May").
                || (DateExpressions.months[w] != nil && !(e >= 2 && s.words[e - 2].first?.isUppercase == true))
                || DateExpressions.weekdays[w] != nil
            {
                e -= 1
            } else {
                break
            }
        }
        // A party and state in parentheses after a name: "Rep. John Mica (R-Fla.) said".
        var parenthesisEnd: Int?
        if e > 2, s.words[e - 1] == ")", let open = (max(1, e - 8)..<(e - 1)).last(where: { s.words[$0] == "(" }),
            s.chunkOf[open - 1]?.type == "NP"
        {
            parenthesisEnd = e
            e = open
        }
        // A closing comma of an appositive: "X, the envoy, said".
        var appositiveEnd = e
        if e > 0, s.words[e - 1] == "," { appositiveEnd = e - 1 }
        guard appositiveEnd > 0, var np = s.chunkOf[appositiveEnd - 1], np.type == "NP" || s.lower[appositiveEnd - 1] == "who" else {
            return nil
        }
        // Where it was said, between the speaker and the cue, is not the speaker: "NATO's
        // mission in a released news report informed", "Stumpf in a televised interview said".
        if appositiveEnd == e, np.type == "NP", Self.venueHeads.contains(s.lower[np.end - 1]), np.start > 1, ["in", "during"].contains(s.lower[np.start - 1]),
            let before = s.chunkOf[np.start - 2], before.type == "NP"
        {
            e = np.start - 1
            appositiveEnd = e
            np = before
        }
        var start = np.start
        // Chain to the left, a bounded number of steps: "NP of NP", "NP in NP"; a name the
        // chunker cut in two ("Vice President Joseph R. | Biden Jr.", "Mrs. | Clinton"); and a
        // coordination that opens the clause ("Mr. Grassley and Mr. Leahy said").
        for _ in 0..<8 {
            if start > 1, let prep = s.chunkOf[start - 1], prep.type == "PP", Self.chainPrepositions.contains(s.lower[start - 1]),
                let before = s.chunkOf[start - 2], before.type == "NP"
            {
                start = before.start
            } else if let joined = joinedName(s, at: start) {
                start = joined
            } else if let document = documentBy(s, before: start) {
                // "a 2014 study by Harvard ...", "research conducted by the Center ...": the
                // study speaks, its authors with it.
                start = document
            } else if start > 1, s.words[start - 1] == "/", let before = s.chunkOf[start - 2], before.type == "NP" {
                // "The Reuters/Ipsos poll": the tokenizer cuts at the slash.
                start = before.start
            } else if start > 2, ["to", "with"].contains(s.lower[start - 1]), Self.relationAdjectives.contains(s.lower[start - 2]),
                let before = s.chunkOf[start - 3], before.type == "NP"
            {
                // "Those close to him", "people familiar with the talks".
                start = before.start
            } else if start > 1, s.lower[start - 1] == "and", let before = s.chunkOf[start - 2], before.type == "NP",
                let left = Optional(prepositionalChainStart(s, from: before.start)),
                left == 0 || Self.isBoundary(s.words[left - 1]) || (left == 1 && ["but", "and", "yet", "so"].contains(s.lower[0]))
                    || documentBy(s, before: left) != nil || Self.subordinators.contains(s.lower[left - 1])
            {
                // The left conjunct may carry its own prepositions: "a senior fellow at the
                // institution and a former ambassador to Russia".
                start = left
            } else {
                break
            }
        }
        // A relative clause: "a source who has access to the investigation said".
        var k = start - 1
        while k > 0, start - k <= 12, ![",", ";", ":"].contains(s.words[k]) {
            if ["who", "which", "whose"].contains(s.lower[k]), let np = s.chunkOf[k - 1], np.type == "NP" {
                start = np.start
                break
            }
            // Between commas: "Tomas Vesk, who speaks for the company, dismissed ...".
            if appositiveEnd < e, ["who", "which"].contains(s.lower[k]), k >= 2, s.words[k - 1] == ",", let np = s.chunkOf[k - 2], np.type == "NP" {
                start = joinedName(s, at: np.start) ?? np.start
                break
            }
            k -= 1
        }
        // Appositive: "NP , NP ," → both.
        // (Its closing comma may come before a time: "X, the envoy, last September stated"; or
        // be left out before one: "X, the envoy in Kabul last September stated".)
        // (Only a time, not any adverb: in "Climate change, Mr. Obama often says" the first
        // phrase is the object, put first.)
        let timeSkipped = (e..<end).contains { k in Self.isTimeWord(s.lower[k]) || (s.tokens[k].kind == .number && s.lower[k].count == 4) }
        if appositiveEnd < e || (timeSkipped && start > 1 && s.words[start - 1] == ",") {
            if start > 1, s.words[start - 1] == ",", let before = s.chunkOf[start - 2], before.type == "NP" {
                var head = joinedName(s, at: before.start) ?? before.start
                // "The head of the agency, X,", "Its ambassador in Korvo, X,".
                while head > 1, let prep = s.chunkOf[head - 1], prep.type == "PP", ["of", "in", "at", "for", "to"].contains(s.lower[head - 1]),
                    let b2 = s.chunkOf[head - 2], b2.type == "NP"
                {
                    head = b2.start
                }
                // Only when the first NP is a name or a title-like phrase, not a clause's object.
                // It may follow a sentence's "But" or the quotation it attributes.
                if head == 0 || Self.isBoundary(s.words[head - 1]) || Self.isClosingQuote(s.words[head - 1]) || s.words[head - 1] == "''"
                    || (head == 1 && ["but", "and", "yet", "so", "still"].contains(s.lower[0]))
                    // The object of a relative clause: "which Apple's chief executive, Tim Cook, called ...".
                    || ["which", "whom", "that"].contains(s.lower[head - 1])
                    // A clause of its own: "When X, the Mexican secretary of the economy, came",
                    // "As X, a tax lawyer, put it", "Even China, Pyongyang's only ally, said".
                    || (Self.subordinators.contains(s.lower[head - 1]) || s.lower[head - 1] == "even")
                        && (head == 1 || Self.isBoundary(s.words[head - 2]))
                {
                    start = head
                }
            }
        }
        if appositiveEnd < e, start == np.start || !(start..<appositiveEnd).contains(where: { s.words[$0] == "," }) {
            // An adverbial between commas ("Hillary Clinton, at a later press gaggle, said"; "X,
            // in a statement, said"; "X, summing up the talks, said"; "X, speaking to a veterans
            // group in Virginia, said"): the source comes before it.
            if let c = (max(1, appositiveEnd - 20)..<appositiveEnd).last(where: { s.words[$0] == "," }), c + 1 < appositiveEnd, c < start,
                ["PP", "ADVP"].contains(s.chunkOf[c + 1]?.type ?? "") || (s.chunkOf[c + 1]?.type == "VP" && s.lower[c + 1].hasSuffix("ing")),
                s.chunkOf[c - 1]?.type == "NP" || s.words[c - 1] == ")"
            {
                // With an appositive of its own before the adverbial, else the bare phrase.
                return subjectPhrase(s, endingBefore: c + 1) ?? subjectPhrase(s, endingBefore: c)
            }
            return nil  // "..., said" is handled as inverted
        }
        // The chunker may take the end of a quotation into the phrase (“... leadership,” Warren
        // said): it is not the source.
        if let quote = (start..<appositiveEnd).last(where: { s.words[$0] == "\u{201D}" }) { start = quote + 1 }
        while start < appositiveEnd, s.tokens[start].kind == .punctuation { start += 1 }
        // A conjunction that opens the clause is not the source's: "as Eric Garner, gasping ..., said".
        if start + 1 < appositiveEnd, ["as", "while", "when", "because", "after", "before", "since", "although", "though", "if"].contains(s.lower[start]) {
            start += 1
        }
        // Leading adverbials reached by the appositive extension are not part of it.
        start = max(start, min(leadingAdverbialEnd(s, before: appositiveEnd), appositiveEnd - 1))
        // A title's "Retired" or "Former", which the chunker may read as a verb: "Retired Lt.
        // Gen. Michael Flynn said".
        if start > 0, start < appositiveEnd, ["retired", "former", "acting"].contains(s.lower[start - 1]), s.words[start].first?.isUppercase == true,
            start == 1 || Self.isBoundary(s.words[start - 2]) || ["the", "a", "but", "and"].contains(s.lower[start - 2])
        {
            start -= 1
        }
        guard start < appositiveEnd else { return nil }
        return (start, parenthesisEnd ?? appositiveEnd)
    }

    /// Whether a word (lower case) tells a time: a weekday, a month, "yesterday", "last", "week".
    static func isTimeWord(_ w: String) -> Bool {
        DateExpressions.weekdays[w] != nil || DateExpressions.months[w] != nil || timeWords.contains(w)
    }

    static let timeWords: Set<String> = [
        "today", "yesterday", "tonight", "earlier", "later", "recently", "last", "this", "next", "week", "month", "year",
    ]

    /// Negated auxiliaries between a subject and its verb ("The aides haven't said").
    static let negations: Set<String> = Set(
        ["isn't", "wasn't", "doesn't", "don't", "didn't", "hasn't", "haven't", "hadn't", "won't", "wouldn't", "can't", "couldn't", "aren't", "weren't"]
            .flatMap { [$0, $0.replacingOccurrences(of: "'", with: "\u{2019}")] })

    /// Heads of a phrase that says where something was said ("in a statement", "in an interview").
    static let venueHeads: Set<String> = [
        "report", "statement", "interview", "article", "op-ed", "column", "post", "tweet", "letter", "speech", "release",
        "briefing", "conference", "email", "e-mail", "video", "broadcast", "editorial", "message", "memo", "filing", "podcast",
        "appearance", "remarks", "testimony", "hearing",
    ]

    /// Words that open a clause inside a sentence ("since", "because", "that").
    static let clauseOpeners: Set<String> = [
        "since", "because", "that", "as", "and", "but", "while", "although", "though", "so", "if", "when", "whereas",
    ]

    /// First words of a phrase before a cue that are not part of its speaker (see ``make``).
    static let notTheSpeakers: Set<String> = ["and", "but", "yet", "so", "or", "what", "whatever", "everything"]

    /// Prepositions that chain noun phrases into one source ("the ambassador of Iran to Russia").
    static let chainPrepositions: Set<String> = ["of", "in", "at", "for", "from", "with", "to", "on"]

    /// Where a noun phrase's chain of prepositional phrases starts, walking left a few steps
    /// from the phrase starting at `start`.
    func prepositionalChainStart(_ s: Sentence, from start: Int) -> Int {
        var l = start
        for _ in 0..<4 {
            guard l > 1, s.chunkOf[l - 1]?.type == "PP", Self.chainPrepositions.contains(s.lower[l - 1]), let np = s.chunkOf[l - 2], np.type == "NP" else { break }
            l = np.start
        }
        return l
    }

    /// Whether a learned cue ends on a verb or a noun ("called for" ends on its particle, so
    /// any token of a verb or noun phrase will do): an adverb or an adjective ("actively",
    /// "attractive"), an auxiliary or "to" alone is no cue. Nor is a sentence in title case
    /// (a headline such as "U.S. Supports the Influx of ...") read for learned cues.
    /// Whether what a learned cue reports has no speaker in the sentence: a passive or a
    /// copula ("is expected to", "has been called", "is clueless about"), a verb of seeming
    /// ("seems to"), or a noun whose "source" would be its own modifiers ("a heated debate
    /// about", "broader questions about"). The statement stays; its source is dropped.
    func hasNoSpeaker(_ s: Sentence, _ cue: CoNLL.Chunk) -> Bool {
        let last = s.lower[cue.end - 1]
        if (cue.start..<cue.end).contains(where: { ["is", "are", "was", "were", "be", "been", "being"].contains(s.lower[$0]) }), !last.hasSuffix("ing") {
            return true
        }
        if ["seems", "seem", "seemed", "appear", "appears", "appeared"].contains(last) { return true }
        if cue.start > 0, let np = s.chunkOf[cue.start], np.type == "NP", np.start < cue.start,
            s.words[cue.start - 1].first?.isLowercase == true, !["'s", "\u{2019}s"].contains(s.lower[cue.start - 1]),
            // A noun with its preposition ("debate about"), or after an adjective ("withering
            // criticism"): not a verb the chunker ran into its subject ("the letter reads").
            cue.end - cue.start >= 2 && Self.nounPrepositions.union(["about", "to"]).contains(last) || Self.looksAdjectival(s.lower[cue.start - 1])
        {
            return true
        }
        return false
    }

    func isCuePhrase(_ s: Sentence, _ cue: CoNLL.Chunk) -> Bool {
        let last = s.lower[cue.end - 1]
        return !s.titleCase && (cue.start..<cue.end).contains { ["VP", "NP"].contains(s.chunkOf[$0]?.type ?? "") }
            && ["VP", "NP", "PP", "PRT"].contains(s.chunkOf[cue.end - 1]?.type ?? "")
            && !Self.auxiliaries.contains(last) && !(last.hasSuffix("ly") && s.chunkOf[cue.end - 1]?.type != "NP")
            // A reduced passive ("terrorists, backed by Saudi Arabia,") describes a noun.
            && !(cue.end - cue.start == 1 && last.hasSuffix("ed") && cue.end < s.tokens.count && s.lower[cue.end] == "by")
            // A word after a preposition is a noun ("in hopes that"), unless a gerund ("by saying").
            && !(cue.end - cue.start <= 2 && !last.hasSuffix("ing")
                && (Self.nounPrepositions.contains(s.lower[cue.start]) && cue.end - cue.start == 2
                    || cue.end - cue.start == 1 && cue.start > 0 && Self.nounPrepositions.contains(s.lower[cue.start - 1])))
    }

    static let auxiliaries: Set<String> = [
        "to", "have", "has", "had", "is", "are", "was", "were", "be", "been", "being", "will", "would", "can", "could",
        "may", "might", "should", "must", "do", "does", "did", "almost", "also", "not",
    ]

    /// A source a learned cue cannot have: one function word ("a", "more", "them").
    static func isFunctionWord(_ words: ArraySlice<String>) -> Bool {
        words.count == 1 && ["a", "an", "the", "more", "most", "them", "him", "her", "us", "me", "this", "that", "these", "those", "its"]
            .contains(words.first!.lowercased())
    }

    /// Where a source that ends in a name starts when the chunker ran a plain noun or a dash
    /// into it: "a Bloomberg interview | Trump", "Last week | Stumpf", "public ― | Trump".
    /// Nil when the word before the name is its role ("nominee Donald Trump", titles and
    /// `Resources/role-nouns.txt`), a particle of the name ("Charles de Gaulle"), or any
    /// function word, adjective of office or preposition ("Department of Veterans Affairs").
    func nameAfterPlainNoun(_ s: Sentence, _ ss: Int, _ se: Int) -> Int? {
        var k = se
        while k > ss, s.words[k - 1].first?.isUppercase == true { k -= 1 }
        guard k > ss, k < se else { return nil }
        let before = s.words[k - 1]
        if ["\u{2015}", "\u{2014}", "\u{2013}"].contains(before) { return k }
        let lower = s.lower[k - 1]
        // Not an appositive's last name ("Michael Tanner, an analyst at the Cato Institute"),
        // nor a title's own modifier ("Tulsa police Chief Chuck Jordan").
        guard !s.words[ss..<se].contains(","),
            !gazetteer.matches([s.words[k]]).contains(where: { $0.entry.kind == "title" }),
            before.first?.isLowercase == true, lower.count > 2, lower.allSatisfy({ $0.isASCII && $0.isLetter }),
            // A whole word: not the tail of one broken by a stray character ("FranÃ§ois").
            k < 2 || s.tokens[k - 2].range.end < s.tokens[k - 1].range.start,
            s.chunkOf[k - 1]?.type == "NP", !roleNouns.contains(lower), !Self.beforeNames.contains(lower),
            !Self.looksAdjectival(lower),
            !gazetteer.matches([before]).contains(where: { ["title", "particle"].contains($0.entry.kind) })
        else { return nil }
        return k
    }

    /// An adjective or adverb by its ending ("prominent", "famous", "political", "quickly");
    /// "-ment" nouns ("statement") are not.
    static func looksAdjectival(_ word: String) -> Bool {
        if word.hasSuffix("ment") { return false }
        return ["ly", "ent", "ant", "ous", "ive", "al", "ic", "ful", "able", "ible", "ish", "less", "ian", "ese", "ary"]
            .contains { word.hasSuffix($0) }
    }

    /// Words that may stand before a name within its phrase without being a noun of their own.
    static let beforeNames: Set<String> = [
        "the", "and", "but", "nor", "former", "late", "then", "acting", "fellow", "top", "senior", "junior", "deputy",
        "interim", "longtime", "embattled", "retired", "outgoing", "incoming", "current", "new", "his", "her", "their", "its",
        "our", "your", "both", "all", "each", "every", "some", "many", "several", "other", "another", "said", "including",
        "like", "famed", "famous", "legendary", "veteran", "ousted", "disgraced", "jailed", "slain", "convicted", "accused",
        "hundred", "thousand", "million", "billion", "trillion", "dozen", "percent", "real", "female", "male", "young", "old",
    ]

    /// Where a name the chunker cut in two starts ("Vice President Joseph R. | Biden Jr.",
    /// "Mrs. | Clinton"): the noun phrase right before `start` when both touch and the one at
    /// `start` opens with a capital that is not a pronoun, else nil.
    func joinedName(_ s: Sentence, at start: Int) -> Int? {
        guard start > 0, start < s.tokens.count, let before = s.chunkOf[start - 1], before.type == "NP", before.end == start,
            s.tokens[start - 1].kind != .punctuation
        else { return nil }
        // A possessive the chunker opened a phrase with ("Clinton | ’s campaign").
        if ["'s", "\u{2019}s"].contains(s.lower[start]) { return before.start }
        guard s.words[start].first?.isUppercase == true,
            !["he", "she", "they", "it", "we", "i", "you", "who", "which", "that"].contains(s.lower[start]),
            s.words[start - 1].first?.isUppercase == true
        else { return nil }
        return before.start
    }

    /// The subject of the clause that ends before `end`: from the clause's start (the sentence
    /// start, after a leading "On Sunday," or after a content-closing comma) to `end`, when no
    /// verb phrase lies in between.
    func clauseSubject(_ s: Sentence, before end: Int) -> (Int, Int)? {
        let start = leadingAdverbialEnd(s, before: end)
        var e = end
        while e > start, s.words[e - 1] == "," || ["also", "then", "later", "further", "earlier"].contains(s.lower[e - 1])
            || (s.lower[e - 1].hasSuffix("ly") && s.lower[e - 1].count > 4 && s.chunkOf[e - 1]?.type != "NP")
        {
            e -= 1
        }
        guard e > start, e - start <= 40 else { return nil }
        for k in start..<e {
            if let chunk = s.chunkOf[k], chunk.type == "VP" { return nil }
            if ["“", "\"", ";"].contains(s.words[k]) { return nil }
        }
        return (start, end > e && s.words[e] == "," && e + 1 == end ? e + 1 : e)
    }

    /// Where a sentence's leading adverbials end ("On Sunday, February 4, 2018,", "Moreover,",
    /// "Last week,"): after the last comma of a run of segments that open with a preposition,
    /// an adverb, a number or a time word.
    func leadingAdverbialEnd(_ s: Sentence, before end: Int) -> Int {
        var start = 0
        while start < end {
            guard let comma = s.words[start..<min(end, start + 10)].firstIndex(of: ",") else { break }
            // A conjunction that opens the sentence ("But on Friday,", "But Anna Berg,") leaves
            // the judgement to the word after it.
            let first = start + 1 < comma && ["but", "and", "yet", "so"].contains(s.lower[start]) ? start + 1 : start
            let opener = s.lower[first]
            // A participle opens a clause of circumstance ("Speaking at a rally in Novi,").
            let participle = start == 0 && opener.hasSuffix("ing") && opener.count > 5 && s.chunkOf[start]?.type == "VP"
            // The rest of a place after an adverbial ("At a rally in Coral Springs, Florida,").
            // The rest must be a known place: "Marc H. Morial," after "in Washington," is a name.
            let placeRest = start > 1 && s.words[start - 2].first?.isUppercase == true && comma - start <= 3
                && (start..<comma).allSatisfy { s.words[$0].first?.isUppercase == true }
                && gazetteer.matches(Array(s.words[start..<comma])).contains {
                    $0.start == 0 && $0.end == comma - start && ["country", "city", "region"].contains($0.entry.kind)
                }
            // "When X, the secretary of the economy, warned ...": a clause's subject follows a
            // conjunction that is never a preposition, so its comma ends no adverbial.
            if ["when", "while", "because", "although", "though", "if", "whereas"].contains(opener) { break }
            let isAdverbial = s.chunkOf[first]?.type == "PP" || s.chunkOf[first]?.type == "ADVP"
                || s.tokens[first].kind == .number || (MentionExtractor.notNames.contains(opener) && !["the", "a", "an"].contains(opener))
                || DateExpressions.months[opener] != nil || DateExpressions.weekdays[opener] != nil
                || ["last", "next", "this", "earlier", "later", "on", "in", "at"].contains(opener)
            guard participle || placeRest || isAdverbial && !(start..<comma).contains(where: { s.chunkOf[$0]?.type == "VP" }) else { break }
            start = comma + 1
        }
        return start
    }

    /// The subject of the sentence's first clause: what precedes its first verb phrase (after a
    /// leading adverbial), when that verb comes before `limit`.
    func sentenceSubject(_ s: Sentence, before limit: Int) -> (Int, Int)? {
        guard let verb = (0..<limit).first(where: { s.chunkOf[$0]?.type == "VP" }), verb > 0 else { return nil }
        return clauseSubject(s, before: verb)
    }

    /// The noun phrase starting at `start` (with "of" chains), if any.
    func nounPhrase(_ s: Sentence, startingAt start: Int) -> (Int, Int)? {
        guard start < s.tokens.count, let np = s.chunkOf[start], np.type == "NP", np.start == start else { return nil }
        var end = np.end
        while end + 1 < s.tokens.count, s.lower[end] == "of", let next = s.chunkOf[end + 1], next.type == "NP" { end = next.end }
        return (start, end)
    }

    /// The end of a noun phrase extended over a few prepositional phrases ("one GOP source in
    /// the room").
    func withPrepositions(_ s: Sentence, from end: Int) -> Int {
        var e = end
        for _ in 0..<3 {
            guard e + 1 < s.tokens.count, s.chunkOf[e]?.type == "PP", let np = s.chunkOf[e + 1], np.type == "NP", np.start == e + 1 else { break }
            // Not a time: "on Friday", "in March", "last week".
            let w = s.lower[e + 1]
            if DateExpressions.weekdays[w] != nil || DateExpressions.months[w] != nil || ["last", "this", "next", "the"].contains(w)
                && np.end - np.start == 2 && ["week", "month", "year", "day", "weekend", "morning", "night"].contains(s.lower[np.end - 1])
            {
                break
            }
            e = np.end
        }
        return e
    }

    /// Whether what follows is a short tail ("on Sunday", "in a statement", "told reporters.").
    /// A clause after a comma that tells the occasion ("said Friday, as they bristled ...")
    /// ends the tail.
    func tailIsShort(_ s: Sentence, from start: Int, to limit: Int? = nil) -> Bool {
        let occasions = ["as", "when", "while", "after", "before", "during"]
        if start < s.tokens.count, occasions.contains(s.lower[start]) { return true }
        var words = 0
        for k in start..<(limit ?? s.tokens.count) {
            if s.words[k] == ",", k + 1 < s.tokens.count, occasions.contains(s.lower[k + 1]) { return words <= 8 }
            if s.tokens[k].kind != .punctuation { words += 1 }
            if let chunk = s.chunkOf[k], chunk.type == "VP", !["told", "adding", "saying"].contains(s.lower[k]) { return false }
            if s.lower[k] == "that" { return false }
        }
        return words <= 8
    }

    /// Where the content ends before the source or cue at `index`: a closing quote stays with
    /// the content (with the comma inside it, `“...,” he said`); a bare comma does not.
    func contentEnd(_ s: Sentence, before index: Int) -> Int {
        guard index > 0 else { return index }
        if Self.isClosingQuote(s.words[index - 1]) { return index }
        return s.words[index - 1] == "," ? index - 1 : index
    }

    /// The range of tokens `from..<to` without leading connectors and trailing punctuation.
    func trimmedSpan(_ s: Sentence, from: Int, to: Int) -> TextRange? {
        var a = from
        var b = to
        while b > a, [".", ",", ";", ":", "!", "?"].contains(s.words[b - 1]) { b -= 1 }
        while a < b, [",", ":", "—", "–", "-"].contains(s.words[a]) { a += 1 }
        guard a < b else { return nil }
        return TextRange(s.tokens[a].range.start, s.tokens[b - 1].range.end)
    }

    static func isBoundary(_ word: String) -> Bool { [",", ".", ";", ":", "!", "?", "—", "–"].contains(word) }
    static func isCommaOrQuote(_ word: String) -> Bool { word == "," || isClosingQuote(word) }
    static func isOpeningQuote(_ word: String) -> Bool { ["\u{201C}", "\""].contains(word) }
    static func isClosingQuote(_ word: String) -> Bool { ["\u{201D}", "\"", "'", "\u{2019}"].contains(word) }
}
