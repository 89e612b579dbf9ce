/// Invariant 6: no double refund.
extension Checker {
    /// 6. In every answer that shows billing, refunded ≤ charged and a succeeded job has no refund; and once an
    /// answer shows a refund, every answer that began after it shows the same refund (a second refund, or a
    /// refund taken back, is a violation).
    func checkRefunds(_ history: JobHistory, into result: inout JobCheck) {
        let billed = history.operations.filter {
            $0.idUse == .job && $0.outcome == .ok && $0.observation?.refunded != nil && $0.observation?.charged != nil
        }
        guard !billed.isEmpty else { return }
        for op in billed {
            let o = op.observation!
            let charged = o.charged!, refunded = o.refunded!
            if refunded > charged + 1e-9 * max(1, charged) {
                return fail(.noDoubleRefund, history, "\(op.ref) shows refunded \(fmt(refunded)) > charged \(fmt(charged))", [op], into: &result)
            }
            if o.state == .succeeded, refunded > 0 {
                return fail(.noDoubleRefund, history, "\(op.ref) shows a succeeded job with refunded \(fmt(refunded))", [op], into: &result)
            }
        }
        for first in billed where first.observation!.refunded! > 0 {
            if let later = billed.first(where: { first.precedes($0) && !approximatelyEqual($0.observation!.refunded, first.observation!.refunded) }) {
                return fail(.noDoubleRefund, history, "\(first.ref) shows refunded \(fmt(first.observation!.refunded)), then \(later.ref) shows refunded \(fmt(later.observation!.refunded))",
                            [first, later], into: &result)
            }
        }
        result.record(.noDoubleRefund, .pass)
    }

}
