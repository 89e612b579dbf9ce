/// Invariant 2: legal transitions only, progress never goes down.
extension Checker {
    /// 2. Every status a read shows is one the profile maps; for reads ordered one after the other, the
    /// lifecycle never goes backwards (running → queued) and, while the job is not terminal, progress never
    /// goes down. (A terminal state changing is invariant 1's to report.)
    func checkTransitions(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        guard !reads.isEmpty else { return }
        if let unknown = reads.first(where: { $0.observation?.state == nil }) {
            let known = profile.states.keys.sorted().joined(separator: ", ")
            return fail(.legalTransitions, history, "read \(unknown.ref) shows status \"\(unknown.observation?.status ?? "")\", which the contract does not have (\(known))",
                        [unknown], into: &result)
        }
        // By index: the pairs are many, and binding each operation to a name copied it.
        for i in reads.indices {
            guard let a = reads[i].observation?.state, !a.isTerminal else { continue }
            for j in (i + 1)..<reads.count where reads[i].complete < reads[j].invoke {
                guard let b = reads[j].observation?.state else { continue }
                if b.rank < a.rank {
                    let first = reads[i], later = reads[j]
                    return fail(.legalTransitions, history, "read \(first.ref) showed \"\(first.observation?.status ?? "")\", then read \(later.ref) showed \"\(later.observation?.status ?? "")\": the lifecycle went backwards",
                                [first, later], into: &result)
                }
                if !b.isTerminal, let p = reads[i].observation?.progress, let q = reads[j].observation?.progress, q < p {
                    let first = reads[i], later = reads[j]
                    return fail(.legalTransitions, history, "read \(first.ref) showed progress \(JSONText.number(p)), then read \(later.ref) showed \(JSONText.number(q)): progress went down",
                                [first, later], into: &result)
                }
            }
        }
        result.record(.legalTransitions, .pass)
    }
}
