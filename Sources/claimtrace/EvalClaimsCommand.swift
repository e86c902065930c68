import ArgumentParser
import ClaimTrace
import ClaimTraceEncoder
import Foundation

struct EvalClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Claim identity on our story set: B-cubed and pairwise precision, recall and F1 of the claim clusters.",
        discussion: """
            Each story (a folder of articles with a gold.tsv, see Tests/Fixtures/stories/README.md)
            is analysed as a corpus of its own, as 'analyze' would. The members of the predicted
            claim clusters are mapped onto the gold tellings: a member matches a telling when
            their spans overlap in the same article (the member overlapping it most decides the
            telling's cluster). A telling no member matches is a cluster of its own. Members
            matching no telling are left out of the scores and counted. B-cubed and pairwise
            scores are given per story and micro-averaged over all (B-cubed over all tellings,
            pairwise over all pairs within stories). --misses N lists, per story, up to N gold
            claims split over several clusters and N clusters that mix gold claims.

            Example:
              claimtrace eval claims --data Tests/Fixtures/stories
              claimtrace eval claims --data Tests/Fixtures/stories/arms-barges --misses 10
            """
    )

    @Option(name: .long, help: ArgumentHelp("The stories folder, or one story's folder (holding gold.tsv).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Per story, list up to N split gold claims and N mixed predicted clusters.")
    var misses: Int = 3

    @Flag(name: .long, help: "Add the sentence model's vector similarity to claim clustering, as 'analyze --semantic' does.")
    var semantic = false

    @OptionGroup var model: ModelOptions

    @Option(
        name: .customLong("train-weights"),
        help: ArgumentHelp(
            "Learn the claim pair scorer's weights on the stories and write them to this file (the format of Resources/claim-pair-weights.txt); print leave-one-story-out cross-validated and in-sample scores. With --semantic the weights for claims with sentence vectors are learned too.",
            valueName: "file"))
    var trainWeights: String?

    @Option(name: .customLong("min-bcubed-f1"), help: "Exit with status 1 when micro B-cubed F1 is below this (for CI).")
    var minimumBcubedF1: Double?

    func validate() throws {
        if misses < 0 { throw ValidationError("--misses must be 0 or more") }
    }

    func run() throws {
        if let trainWeights { return try train(to: trainWeights) }
        let (text, totals) = try evaluate()
        print(text, terminator: "")
        try Console.checkBaselines([("claims B-cubed F1", totals.bcubedF1, minimumBcubedF1)])
    }

    /// Scores every story and returns the printed report and the micro totals.
    func evaluate() throws -> (report: String, totals: ClusterScores) {
        let (stories, _, embed) = try storiesAndEncoder()
        var out = ""
        var totals = ClusterScores()
        var unmatched = 0
        var singletons = ClusterScores()
        for story in stories {
            let result: ClaimStories.StoryResult
            do {
                result = try ClaimStories.evaluate(story, embed: embed)
            } catch let error as ClaimStories.DataError {
                Console.error("\(error)")
                throw ExitCode(2)
            }
            totals = totals + result.scores
            singletons = singletons + ClusterScores(gold: story.tellings.map(\.claim), predicted: Array(story.tellings.indices))
            unmatched += result.matching.unmatchedMembers
            let s = result.scores
            let claims = Set(story.tellings.map(\.claim)).count
            let found = result.matching.cluster.compactMap { $0 }.count
            out += "\(story.name): \(result.documents) articles, \(claims) gold claims, \(s.items) tellings "
                + "(\(found) matched by a predicted member), \(result.clusters.count) predicted clusters, "
                + "\(result.matching.unmatchedMembers) members matching no telling\n"
            out += Self.scoreLine(s)
            if misses > 0 { out += Self.missList(result, limit: misses) }
        }
        out += "all \(stories.count) stor\(stories.count == 1 ? "y" : "ies") (micro): \(totals.items) tellings, "
            + "\(unmatched) members matching no telling\n"
        out += Self.scoreLine(totals)
        out += String(format: "  (every telling a cluster of its own would score B-cubed F1 %.3f, pairwise F1 %.3f)\n", singletons.bcubedF1, singletons.pairwiseF1)
        return (out, totals)
    }

    /// Learns the pair scorer's weights, reports cross-validated and in-sample scores, and
    /// writes the weights with a comment saying how they were learned.
    func train(to path: String) throws {
        let (stories, encoder, embed) = try storiesAndEncoder()
        var prepared: [ClaimPairTraining.Prepared] = []
        for story in stories {
            do {
                prepared.append(try ClaimPairTraining.prepare(story, embed: embed))
            } catch let error as ClaimStories.DataError {
                Console.error("\(error)")
                throw ExitCode(2)
            }
        }
        let report = ClaimPairTraining.train(prepared)
        var out = "\(report.examples.lexical) labelled pairs (\(report.examples.positive) of one claim) from \(stories.count) stories\n"
        for s in report.perStory {
            out += "\(s.name): in-sample B-cubed F1 \(String(format: "%.3f", s.inSample.bcubedF1)), held out \(String(format: "%.3f", s.crossValidated.bcubedF1))\n"
        }
        out += "without vectors, leave-one-story-out:\n" + Self.scoreLine(report.crossValidated)
        out += "without vectors, in-sample:\n" + Self.scoreLine(report.inSample)
        if let cv = report.semanticCrossValidated, let inSample = report.semanticInSample {
            out += "with vectors, leave-one-story-out:\n" + Self.scoreLine(cv)
            out += "with vectors, in-sample:\n" + Self.scoreLine(inSample)
        }
        out += "leave-one-story-out B-cubed F1 by the mean probability two groups need to join (ClaimClusterer.averageLink, now \(ClaimClusterer().averageLink)):\n"
        for row in report.averageLinkSweep {
            out += String(format: "  %.2f: without vectors %.3f", row.averageLink, row.lexical) + (row.semantic.map { String(format: ", with %.3f", $0) } ?? "") + "\n"
        }
        print(out, terminator: "")
        let comment = """
            Weights of the claim pair scorer (ClaimPairScorer): logistic regression over the pair's signals,
            bias first. Learned by `claimtrace eval claims --data \(data) --train-weights FILE\(encoder == nil ? "" : " --semantic")`
            (full-batch gradient descent from zero weights, 3000 steps, L2 0.001: deterministic) on
            \(report.examples.lexical) labelled pairs (\(report.examples.positive) of one claim) of \(stories.count) stories.\(encoder == nil ? " No sentence model: the semantic set is the lexical one." : "")
            Micro B-cubed F1 without vectors: leave-one-story-out \(String(format: "%.3f", report.crossValidated.bcubedF1)), in-sample \(String(format: "%.3f", report.inSample.bcubedF1)).
            """ + (report.semanticCrossValidated.map { cv in
                "\nWith vectors: leave-one-story-out \(String(format: "%.3f", cv.bcubedF1)), in-sample \(String(format: "%.3f", report.semanticInSample?.bcubedF1 ?? 0))."
            } ?? "")
        do {
            try report.scorer.text(comment: comment).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            Console.error("\(path): cannot write the weights (\(error)); check that its folder exists and is writable")
            throw ExitCode(1)
        }
        print("weights written to \(path)")
    }

    /// The stories of `--data`, and the sentence encoder with --semantic (a line saying so when
    /// it is not installed).
    func storiesAndEncoder() throws -> ([ClaimStories.Story], SentenceEncoder?, (([String]) -> [[Float]])?) {
        let stories: [ClaimStories.Story]
        do {
            stories = try ClaimStories.read(data)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        let encoder = semantic ? try model.loadEncoder() : nil
        if semantic && encoder == nil { Console.error(ModelOptions.semanticOffMessage) }
        let embed = encoder.map { encoder in { (texts: [String]) in encoder.encode(texts, batchSize: 32, threads: Pipeline.defaultJobs) } }
        return (stories, encoder, embed)
    }

    static func scoreLine(_ s: ClusterScores) -> String {
        String(
            format: "  B-cubed P %.3f R %.3f F1 %.3f   pairwise P %.3f R %.3f F1 %.3f (%d/%d pairs, %d gold)\n",
            s.bcubedPrecision, s.bcubedRecall, s.bcubedF1, s.pairwisePrecision, s.pairwiseRecall, s.pairwiseF1,
            s.truePairs, s.predictedPairs, s.goldPairs)
    }

    /// The story's split gold claims and mixed predicted clusters, up to `limit` of each.
    static func missList(_ result: ClaimStories.StoryResult, limit: Int) -> String {
        let misses = ClaimStories.misses(result)
        func telling(_ t: ClaimStories.Telling) -> String {
            "\(t.file): \(t.stance == .denies ? "[denies \(t.denies ?? "?")] " : "")\(t.snippet.prefix(70))"
        }
        func cluster(_ c: Int?) -> String {
            guard let c else { return "no cluster" }
            return "cluster \(c + 1) \"\(result.clusters[c].label.prefix(50))\""
        }
        var out = ""
        for (claim, parts) in misses.split.prefix(limit) {
            out += "  split \(claim) over \(parts.count) clusters:\n"
            for part in parts {
                out += "    \(cluster(part.cluster)): " + part.tellings.map(telling).joined(separator: " | ") + "\n"
            }
        }
        for (c, claims) in misses.mixed.prefix(limit) {
            out += "  mixed \(cluster(c)): " + claims.map { "\($0.claim) ×\($0.tellings.count)" }.joined(separator: ", ") + "\n"
            for (_, tellings) in claims {
                out += "    " + tellings.map(telling).joined(separator: " | ") + "\n"
            }
        }
        if misses.split.count > limit || misses.mixed.count > limit {
            out += "  (\(misses.split.count) split claims and \(misses.mixed.count) mixed clusters in all)\n"
        }
        return out
    }
}
