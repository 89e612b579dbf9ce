import Foundation
import LoadModel
import Reports

/// The records of the shards, concatenated into the merged folder: every row and line keeps its shard's run id
/// and gains the shard (`K/N`); requests.csv and jobs.csv times move onto the first shard's clock, so time
/// series of shards started apart line up on wall-clock time.
extension Merge {
    /// Time columns shifted by a shard's offset from the first shard's start.
    static let shiftedColumns: [String: Set<String>] = [
        "requests.csv": ["intended_ns", "started_ns", "sent_ns", "completed_ns"],
        "jobs.csv": ["started_ns", "ended_ns"],
    ]

    /// Concatenates the shards' records; returns the first violation messages per invariant (for JUnit).
    @discardableResult
    func concatenate(_ parts: [Part], offsets: [Int64]) throws -> [Invariant: [String]] {
        var samples: [Invariant: [String]] = [:]
        for (name, header) in [("requests.csv", ExchangeRecord.columns), ("jobs.csv", JobRecord.columns)] {
            let out = try CSVWriter(path: "\(plan.out)/\(name)", header: header + ["shard"])
            let shifted = Self.shiftedColumns[name] ?? []
            for (p, offset) in zip(parts, offsets) {
                var index: [Int] = []
                try CSVReader(path: "\(p.directory)/\(name)").forEachRow(required: header) { row in
                    if index.isEmpty { index = header.map { row.index(of: $0)! } }
                    var fields = index.map { row.string($0) }
                    for (i, column) in header.enumerated() where shifted.contains(column) {
                        if let v = Int64(fields[i]) { fields[i] = String(v + offset) }
                    }
                    out.row(fields + [p.plan.shard.description])
                }
            }
            try out.close()
        }
        for name in ["history.jsonl", "violations.jsonl"] {
            let out = try OutputFile(path: "\(plan.out)/\(name)")
            for p in parts {
                let path = "\(p.directory)/\(name)"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                let prefix = Array("{\"shard\":\(JSONText.quote(p.plan.shard.description)),".utf8)
                try LineReader(path: path).forEachLine { line, _ in
                    guard line.first == UInt8(ascii: "{"), line.count > 2 else { return }
                    out.write(prefix + line.dropFirst() + [0x0A])
                    if name == "violations.jsonl", let v = try? JSONParser.parse(line), let n = v["invariant"]?.numericValue,
                       let invariant = Int(exactly: n).flatMap(Invariant.init(rawValue:)),
                       samples[invariant, default: []].count < JUnitWriter.sampleLimit {
                        let job = v["job"]?.numericValue.map { JSONText.number($0) } ?? "?"
                        samples[invariant, default: []].append("shard \(p.plan.shard), job \(job) (\(v["job_id"]?.stringValue ?? "no id")): \(v["message"]?.stringValue ?? "")")
                    }
                }
            }
            try out.close()
        }
        return samples
    }
}
