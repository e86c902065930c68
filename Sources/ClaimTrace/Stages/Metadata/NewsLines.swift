import Foundation

/// Recognisers for the lines around an article that carry its metadata: bylines, datelines,
/// sign-off biographies and republication notes. Shared by the boilerplate and metadata stages.
enum NewsLines {
    static let roleNouns: Set<String> = [
        "author", "writer", "journalist", "correspondent", "reporter", "editor", "analyst", "researcher",
        "contributor", "columnist", "commentator", "professor", "blogger", "scholar", "fellow", "director",
        "founder", "freelancer", "photographer", "activist", "expert", "lecturer", "producer",
    ]

    /// What a byline line states: "By X and Y", "By X, Director, Outlet · 18 March 2025",
    /// "Articles by: X", "Written by X | Outlet | date".
    struct Byline: Equatable {
        var names: [String]
        var outlet: String?
        var day: Day?
    }

    static let bylineLeads: [StaticString] = ["by ", "articles by:", "written by ", "words by ", "story by "]

    static func byline(_ block: BlockText) -> Byline? {
        guard block.words <= 24, let first = block.lower.first, first == UInt8(ascii: "b") || first == UInt8(ascii: "a") || first == UInt8(ascii: "w") || first == UInt8(ascii: "s"),
            let lead = bylineLeads.first(where: { block.hasPrefix($0) })
        else {
            return nil
        }
        let text = String(decoding: block.plain[lead.utf8CodeUnitCount...], as: UTF8.self)
        var result = Byline(names: [])
        var segments = [Substring(text)]
        for separator in [" · ", " | ", " – ", " — ", " • "] {
            segments = segments.flatMap { $0.components(separatedBy: separator).map { Substring($0) } }
        }
        for (index, segment) in segments.enumerated() {
            let trimmed = segment.trimmingCharacters(in: CharacterSet(charactersIn: " ,:"))
            if trimmed.isEmpty { continue }
            if let date = DateExpressions.find(in: trimmed).first(where: { $0.day != nil }) {
                result.day = result.day ?? date.day
                continue
            }
            if index == 0 {
                // Names, then perhaps a role and the organisation: "X, Director, Org".
                var afterRole = false
                for part in trimmed.replacingOccurrences(of: " and ", with: ",").split(separator: ",") {
                    let candidate = part.trimmingCharacters(in: CharacterSet(charactersIn: " \t:|"))
                    let lower = candidate.lowercased()
                    if roleNouns.contains(lower) || roleTitles.contains(lower) {
                        afterRole = true
                        continue
                    }
                    if afterRole {
                        if result.outlet == nil, isCapitalisedPhrase(candidate) { result.outlet = candidate }
                        break
                    }
                    guard let name = personName(Substring(candidate)), name.count == candidate.count else { break }
                    result.names.append(name)
                }
            } else if result.outlet == nil, isCapitalisedPhrase(trimmed), !trimmed.lowercased().contains("comment") {
                result.outlet = trimmed
            }
        }
        return result.names.isEmpty ? nil : result
    }

    static let roleTitles: Set<String> = [
        "director", "editor", "senior editor", "chief editor", "editor-in-chief", "staff writer", "reporter",
        "correspondent", "senior correspondent", "special correspondent", "contributor", "columnist", "analyst",
    ]

    /// "Open Basin Review", "The Korvo Ledger": 1 to 6 words, the first capitalised.
    static func isCapitalisedPhrase(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard (1...6).contains(words.count), let first = text.unicodeScalars.first else { return false }
        return first.properties.isUppercase && !text.contains(where: { $0 == "." || $0 == "!" || $0 == "?" })
    }

    /// A person's name at the start of `text`: 2 to 5 capitalised words (initials and particles
    /// such as "bin", "al-", "van" allowed), or nil.
    static func personName(_ text: Substring) -> String? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        var taken: [Substring] = []
        for word in words.prefix(6) {
            let clean = word.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()\"'“”’"))
            guard let first = clean.unicodeScalars.first else { break }
            let isParticle = ["bin", "al", "el", "van", "von", "de", "da", "del", "der", "ibn", "abu", "la", "le"]
                .contains(clean.lowercased())
            if first.properties.isUppercase || (isParticle && !taken.isEmpty) {
                taken.append(Substring(clean))
            } else {
                break
            }
        }
        guard taken.count >= 2 else { return nil }
        guard taken.count <= 5 else { return nil }
        return taken.joined(separator: " ")
    }

    /// A sign-off biography: "X is an independent author based in Kabul." Returns the name and,
    /// when the line says so, where the article was first published.
    static func signOff(_ block: BlockText) -> (name: String, originalSource: String?)? {
        guard block.words >= 4, block.words <= 70, block.contains(" is a") || block.contains(" is the ") else {
            return nil
        }
        let text = block.plainString
        guard let isRange = text.range(of: " is a ") ?? text.range(of: " is an ") ?? text.range(of: " is the ")
        else { return nil }
        let head = text[..<isRange.lowerBound]
        guard head.split(separator: " ").count <= 5, let name = personName(head), name.count == head.count else {
            return nil
        }
        let describing = text[isRange.upperBound...].lowercased()
        let firstWords = describing.split(separator: " ").prefix(10).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;")) }
        guard firstWords.contains(where: { roleNouns.contains($0) || roleNouns.contains(String($0.dropLast())) })
        else { return nil }
        return (name, republicationSource(text))
    }

    /// Where an article says it was first published: "from X where this article was
    /// originally published", "originally published at X", "The original source of this
    /// article is X", "republished from X".
    /// Whether a block may hold a republication note (a cheap test before `republicationSource`).
    static func mayNameOriginalSource(_ block: BlockText) -> Bool {
        block.contains("published") || block.contains("original source")
    }

    static func republicationSource(_ text: String) -> String? {
        let lower = text.lowercased()
        for marker in [" where this article was originally published", " where this article was first published"] {
            if let r = lower.range(of: marker) {
                let before = text[..<text.index(text.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: r.lowerBound))]
                for preposition in [" from ", " at ", " of ", " for ", " with "] {
                    if let p = before.range(of: preposition, options: .backwards) {
                        return cleanOutlet(before[p.upperBound...])
                    }
                }
            }
        }
        let leads = [
            "originally published at ", "originally published on ", "originally published in ", "originally published by ",
            "first published at ", "first published on ", "first published in ", "first published by ",
            "the original source of this article is ", "republished from ", "republished with permission from ",
        ]
        for lead in leads {
            if let r = lower.range(of: lead) {
                let offset = lower.distance(from: lower.startIndex, to: r.upperBound)
                let rest = text[text.index(text.startIndex, offsetBy: offset)...]
                return cleanOutlet(rest)
            }
        }
        return nil
    }

    /// Trims an outlet name taken from running text: up to the end of the clause.
    static func cleanOutlet(_ text: Substring) -> String? {
        var end = text.endIndex
        for stop in [".", ",", ";", "\n", " on ", " in 20", " and ", " under ", "("] {
            if let r = text.range(of: stop), r.lowerBound < end { end = r.lowerBound }
        }
        let name = text[..<end].trimmingCharacters(in: CharacterSet(charactersIn: " *_\t\"“”'"))
        guard !name.isEmpty, name.count <= 80, name.split(separator: " ").count <= 8 else { return nil }
        return name
    }

    /// `numeric-date-line`: a line that is only a date or a time in figures ("23.10.2018",
    /// "3:59 PM", "20:37 Uhr"): at least two groups of digits, three digits or more, and
    /// nothing but separators and "am", "pm", "uhr" between them. Month names are not taken: a
    /// line such as "1. Januar 2023" is often a heading of the article.
    /// - Complexity: O(n) in the line's length.
    static func isNumericDateOrTime(_ block: BlockText) -> Bool {
        let lower = block.lower
        guard block.words <= 4 else { return false }
        var groups = 0
        var digits = 0
        var inDigits = false
        var i = 0
        func at(_ word: StaticString) -> Bool {
            word.withUTF8Buffer { w in i + w.count <= lower.count && (0..<w.count).allSatisfy { lower[i + $0] == w[$0] } }
        }
        while i < lower.count {
            let c = lower[i]
            if c >= 0x30 && c <= 0x39 {
                if !inDigits { groups += 1 }
                inDigits = true
                digits += 1
                i += 1
                continue
            }
            inDigits = false
            switch c {
            case 0x20, UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: ","): i += 1
            default:
                if at("am") || at("pm") { i += 2 } else if at("uhr") { i += 3 } else { return false }
            }
        }
        return groups >= 2 && digits >= 3
    }

    /// A dateline block: a short line holding a full date ("Global Research, February 10, 2018",
    /// "Published: 10 Feb 2018"). Returns the date and the outlet named before it, if any.
    static func dateline(_ block: BlockText) -> (day: Day, outlet: String?)? {
        guard block.words <= 12, !block.endsLikeSentence || block.words <= 6, block.hasDigit else { return nil }
        let text = block.plainString
        let found = DateExpressions.find(in: text)
        guard let date = found.first, let day = date.day else { return nil }
        // The date must be most of the line: what precedes it is an outlet or a label.
        let before = text.utf8Slice(TextRange(0, date.range.start)).trimmingCharacters(in: CharacterSet(charactersIn: " ,|-–—:"))
        let after = text.utf8Slice(TextRange(date.range.end, text.utf8.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,.|"))
        guard after.split(separator: " ").count <= 3 else { return nil }
        // "— Name (@handle) December 1, 2017": the signature of an embedded post, neither the
        // article's outlet nor its date.
        if before.contains("@") { return nil }
        let labels = ["published", "posted", "updated", "posted on", "published on", "date", "first published"]
        if before.isEmpty || labels.contains(before.lowercased()) { return (day, nil) }
        guard before.split(separator: " ").count <= 6, let first = before.unicodeScalars.first,
            first.properties.isUppercase
        else { return nil }
        return (day, before)
    }

    /// An inline dateline at the start of the first paragraph: "XY Monitoring Desk-CITY:",
    /// "CITY (Wire) -", "CITY, Feb 14 (Wire) -". Returns its byte length within the paragraph and the outlet.
    static func inlineDateline(_ b: UnsafeBufferPointer<UInt8>, _ paragraph: TextRange) -> (length: Int, outlet: String?)? {
        let limit = min(paragraph.end, paragraph.start + 80)
        let head = String(decoding: UnsafeBufferPointer(rebasing: b[paragraph.start..<limit]), as: UTF8.self)
        // "Outlet Desk-CITY:" or "Outlet-CITY:"
        if let colon = head.firstIndex(of: ":") {
            let label = head[..<colon]
            if let dash = label.lastIndex(where: { $0 == "-" || $0 == "–" || $0 == "—" }) {
                let city = label[label.index(after: dash)...].trimmingCharacters(in: .whitespaces)
                var outlet = label[..<dash].trimmingCharacters(in: .whitespaces)
                if !city.isEmpty, city == city.uppercased(), city.count >= 3, city.allSatisfy({ $0.isLetter || $0 == " " }),
                    !outlet.isEmpty, outlet.split(separator: " ").count <= 5
                {
                    for desk in [" Monitoring Desk", " News Desk", " Web Desk", " Desk", " Bureau", " Report"]
                    where outlet.hasSuffix(desk) {
                        outlet = String(outlet.dropLast(desk.count))
                        break
                    }
                    let length = head.utf8.distance(from: head.utf8.startIndex, to: colon) + 1
                    return (length, outlet.isEmpty ? nil : outlet)
                }
            }
        }
        // "CITY (Outlet) -"
        if let open = head.firstIndex(of: "("), let close = head.firstIndex(of: ")"), open < close {
            // "KORVO (Wire) –" or "KORVO, Feb 14 (Wire) –": an upper-case place, perhaps a date.
            let place = head[..<open].trimmingCharacters(in: .whitespaces)
            let parts = place.split(separator: ",", maxSplits: 1)
            let city = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let datePart = parts.count > 1 ? String(parts[1]) : ""
            let dateOK = datePart.isEmpty || !DateExpressions.find(in: datePart).isEmpty
            let afterClose = head[head.index(after: close)...]
            let rest = afterClose.drop(while: { $0 == " " })
            if !city.isEmpty, city == city.uppercased(), city.count >= 3, city.count <= 30, dateOK,
                let dash = rest.first, dash == "-" || dash == "–" || dash == "—"
            {
                let outlet = String(head[head.index(after: open)..<close])
                let end = rest.index(after: rest.startIndex)
                return (head.utf8.distance(from: head.utf8.startIndex, to: end), outlet)
            }
        }
        return nil
    }
}
