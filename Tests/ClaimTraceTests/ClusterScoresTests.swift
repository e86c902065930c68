import Foundation
import Testing

@testable import ClaimTrace

/// B-cubed and pairwise scores on clusterings small enough to work out by hand.
@Suite struct ClusterScoresTests {
    /// Gold A = {1,2,3,4}, B = {5}; predicted X = {1,2}, Y = {3,4,5}.
    /// B-cubed precision per item: 1, 1, 2/3, 2/3, 1/3 (mean 11/15); recall: 1/2, 1/2, 1/2, 1/2,
    /// 1 (mean 3/5); F1 = 2 × 11/15 × 3/5 / (11/15 + 3/5) = 0.66.
    /// Pairs: gold 6, predicted 1 + 3 = 4, in both (1,2) and (3,4) = 2: P 1/2, R 1/3, F1 0.4.
    @Test func anUnevenClusteringScoresAsWorkedOutByHand() {
        let s = ClusterScores(gold: ["A", "A", "A", "A", "B"], predicted: ["X", "X", "Y", "Y", "Y"])
        #expect(s.items == 5)
        #expect(abs(s.bcubedPrecision - 11.0 / 15) < 1e-12)
        #expect(abs(s.bcubedRecall - 3.0 / 5) < 1e-12)
        #expect(abs(s.bcubedF1 - 0.66) < 1e-12)
        #expect((s.truePairs, s.predictedPairs, s.goldPairs) == (2, 4, 6))
        #expect(abs(s.pairwisePrecision - 0.5) < 1e-12)
        #expect(abs(s.pairwiseRecall - 1.0 / 3) < 1e-12)
        #expect(abs(s.pairwiseF1 - 0.4) < 1e-12)
    }

    /// Swapping gold and prediction swaps precision and recall (a formula that divides by the
    /// wrong cluster's size fails here).
    @Test func swappingGoldAndPredictionSwapsPrecisionAndRecall() {
        let s = ClusterScores(gold: ["X", "X", "Y", "Y", "Y"], predicted: ["A", "A", "A", "A", "B"])
        #expect(abs(s.bcubedPrecision - 3.0 / 5) < 1e-12)
        #expect(abs(s.bcubedRecall - 11.0 / 15) < 1e-12)
        #expect(abs(s.pairwisePrecision - 2.0 / 6) < 1e-12)
        #expect(abs(s.pairwiseRecall - 2.0 / 4) < 1e-12)
    }

    /// All singletons against gold {1,2}, {3}: B-cubed P 1, R (1/2 + 1/2 + 1)/3 = 2/3; no
    /// predicted pair, so pairwise precision is 1 by definition and recall 0 of 1.
    @Test func singletonsHavePerfectPrecisionAndNoPairs() {
        let s = ClusterScores(gold: [1, 1, 2], predicted: [10, 11, 12])
        #expect(s.bcubedPrecision == 1)
        #expect(abs(s.bcubedRecall - 2.0 / 3) < 1e-12)
        #expect((s.truePairs, s.predictedPairs, s.goldPairs) == (0, 0, 1))
        #expect(s.pairwisePrecision == 1)
        #expect(s.pairwiseRecall == 0)
        #expect(s.pairwiseF1 == 0)
    }

    /// One cluster of everything against gold {1,2}, {3}: B-cubed P (2/3 + 2/3 + 1/3)/3 = 5/9, R 1.
    @Test func oneBigClusterHasPerfectRecall() {
        let s = ClusterScores(gold: ["a", "a", "b"], predicted: [0, 0, 0])
        #expect(abs(s.bcubedPrecision - 5.0 / 9) < 1e-12)
        #expect(s.bcubedRecall == 1)
        #expect((s.truePairs, s.predictedPairs, s.goldPairs) == (1, 3, 1))
    }

    /// Two stories added: B-cubed is the mean over all 7 items, pairs are counted within each
    /// story. (11/3 + 2)/7 = 17/21 precision, (3 + 2)/7 = 5/7 recall; pairs 3 of 5, of 7.
    /// Scoring the items in one list with the same label names would wrongly join the stories.
    @Test func storiesAddUpAsMicroAverages() {
        let first = ClusterScores(gold: ["A", "A", "A", "A", "B"], predicted: ["X", "X", "Y", "Y", "Y"])
        let second = ClusterScores(gold: ["A", "A"], predicted: ["X", "X"])
        let both = first + second
        #expect(both.items == 7)
        #expect(abs(both.bcubedPrecision - 17.0 / 21) < 1e-12)
        #expect(abs(both.bcubedRecall - 5.0 / 7) < 1e-12)
        #expect((both.truePairs, both.predictedPairs, both.goldPairs) == (3, 5, 7))
        let pooled = ClusterScores(gold: ["A", "A", "A", "A", "B", "A", "A"], predicted: ["X", "X", "Y", "Y", "Y", "X", "X"])
        #expect(pooled != both)
        #expect(ClusterScores() + first == first)
    }
}

/// Reading gold.tsv and mapping predicted members onto gold tellings.
@Suite struct ClaimStoriesTests {
    @Test func goldLinesAreReadWithTheirDenials() throws {
        let text = "# claim\tfile\tstance\tdenies\tsnippet\nC1\ta.txt\tasserts\t-\tthe dam will close\n\nD1\tb.txt\tdenies\tC1\tthe dam stays open\n"
        let tellings = try ClaimStories.parseGold(text, path: "gold.tsv")
        #expect(tellings.map(\.claim) == ["C1", "D1"])
        #expect(tellings.map(\.stance) == [.asserts, .denies])
        #expect(tellings.map(\.denies) == [nil, "C1"])
        #expect(tellings.map(\.line) == [2, 4])
    }

    @Test(arguments: [
        ("C1\ta.txt\tasserts\t-", "4 tab-separated fields"),
        ("C1\ta.txt\tclaims\t-\tthe dam will close", "neither asserts nor denies"),
        ("D1\ta.txt\tdenies\t-\tthe dam will close", "names the claim it denies"),
        ("D1\ta.txt\tdenies\tC9\tthe dam will close", "denies C9, which no line"),
        ("C1\ta.txt\tasserts\tC2\tthe dam will close", "only a denial"),
        ("C1\ta.txt\tasserts\t-\tdam", "at least 8 characters"),
        ("C1\ta.txt\tasserts\t-\tthe dam will close\nC1\tb.txt\tdenies\tC1\tthe dam stays open", "both asserts and denies"),
    ])
    func badGoldLinesAreRefusedWithTheLineAndTheReason(text: String, reason: String) {
        do {
            _ = try ClaimStories.parseGold(text, path: "s/gold.tsv")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
            #expect(error.description.hasPrefix("s/gold.tsv"))
        }
    }

    @Test func snippetsAreLocatedInCodePointsAndMustBeUnique() throws {
        let telling = ClaimStories.Telling(claim: "C1", file: "a.txt", stance: .asserts, denies: nil, snippet: "Öztürk said", line: 2)
        // "Café " is 5 code points but 6 bytes: the span counts code points, as ClaimMember.at does.
        let spans = try ClaimStories.locate([telling], story: "s", in: ["a.txt": "Café Öztürk said so."])
        #expect(spans.count == 1)
        #expect((spans[0].file, spans[0].start, spans[0].end) == ("a.txt", 5, 16))
        #expect(throws: ClaimStories.DataError.self) {
            try ClaimStories.locate([telling], story: "s", in: ["a.txt": "Öztürk said no. Öztürk said yes."])
        }
        #expect(throws: ClaimStories.DataError.self) {
            try ClaimStories.locate([telling], story: "s", in: ["a.txt": "Ozturk said so."])
        }
        #expect(throws: ClaimStories.DataError.self) {
            try ClaimStories.locate([telling], story: "s", in: ["b.txt": "Öztürk said so."])
        }
    }

    @Test func membersMatchTheGoldSpanTheyOverlapMost() {
        let gold: [(file: String, start: Int, end: Int)] = [("a", 10, 20), ("a", 30, 40), ("b", 10, 20), ("b", 50, 60)]
        let clusters: [[(file: String, start: Int, end: Int)]] = [
            [("a", 0, 12), ("b", 12, 18)],  // a: 2 of gold 0; b: 6 of gold 2
            [("a", 5, 35), ("a", 40, 45)],  // 10 of gold 0 (beats cluster 0), 5 of gold 1; the second touches gold 1 only at its end
            [("b", 10, 20), ("c", 10, 20)],  // ties gold 2 at 10 > 6; c is no gold file
        ]
        let m = ClaimStories.match(gold: gold, clusters: clusters)
        #expect(m.cluster == [1, 1, 2, nil])
        #expect(m.unmatchedMembers == 2)
        #expect(ClaimStories.predictedLabels(m) == [1, 1, 2, -4])
    }

    @Test func missesListSplitClaimsAndMixedClusters() {
        func t(_ claim: String, _ file: String) -> ClaimStories.Telling {
            ClaimStories.Telling(claim: claim, file: file, stance: .asserts, denies: nil, snippet: "snippet of \(claim)", line: 1)
        }
        let story = ClaimStories.Story(name: "s", folder: "s", tellings: [t("C1", "a"), t("C1", "b"), t("C1", "c"), t("C2", "d")])
        let matching = ClaimStories.Matching(cluster: [0, 0, nil, 0], unmatchedMembers: 0)
        let result = ClaimStories.StoryResult(
            story: story, scores: ClusterScores(gold: story.tellings.map(\.claim), predicted: ClaimStories.predictedLabels(matching)),
            matching: matching, clusters: [], documents: 4)
        let misses = ClaimStories.misses(result)
        #expect(misses.split.map(\.claim) == ["C1"])
        #expect(misses.split.first?.parts.map(\.cluster) == [0, nil])
        #expect(misses.split.first?.parts.map { $0.tellings.map(\.file) } == [["a", "b"], ["c"]])
        #expect(misses.mixed.map(\.cluster) == [0])
        #expect(misses.mixed.first?.claims.map(\.claim) == ["C1", "C2"])
    }

    /// The story set in Tests/Fixtures/stories holds what issue 25 asks of it, and every gold
    /// snippet stands once in its article (read here as the file's text).
    @Test func theStorySetIsCompleteAndItsSnippetsAreFound() throws {
        let folder = repositoryRoot.appendingPathComponent("Tests/Fixtures/stories").path
        let stories = try ClaimStories.read(folder)
        #expect(stories.count >= 6)
        for story in stories {
            let articles = try FileManager.default.contentsOfDirectory(atPath: story.folder).filter { $0.hasSuffix(".txt") }
            #expect((4...8).contains(articles.count), "\(story.name): \(articles.count) articles")
            var texts: [String: String] = [:]
            for file in articles {
                texts[file] = try String(contentsOfFile: (story.folder as NSString).appendingPathComponent(file), encoding: .utf8)
            }
            let spans = try ClaimStories.locate(story.tellings, story: story.name, in: texts)
            #expect(spans.count == story.tellings.count)
            let central = story.tellings.filter { $0.claim == "C1" }
            #expect(Set(central.map(\.file)).count >= 4, "\(story.name): the central claim in fewer than 4 articles")
            #expect(story.tellings.contains { $0.stance == .denies && $0.denies == "C1" }, "\(story.name): no denial of C1")
            let byClaim = Dictionary(grouping: story.tellings, by: \.claim)
            let secondary = byClaim.filter { $0.key != "C1" && Set($0.value.map(\.file)).count >= 2 }
            #expect(secondary.count >= 2, "\(story.name): fewer than two secondary claims told by 2+ articles")
            #expect(byClaim.keys.contains { $0.hasPrefix("X") }, "\(story.name): no distractor claim")
        }
    }
}
