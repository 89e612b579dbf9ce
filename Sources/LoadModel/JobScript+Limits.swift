/// A job's time limits: the job timeout, and once a cancel is accepted, the cancel deadline that replaces it.
extension JobScript {
    /// The time limit in force, until it is reached: the cancel deadline once a cancel was accepted, else the
    /// job timeout.
    var limit: Instant? {
        if limitReached { return nil }
        return cancelDue ?? deadline
    }

    /// Whether no more reads are sent: past the job timeout, or past the cancel deadline with its read sent.
    func readsStopped(_ now: Instant) -> Bool {
        if isOver { return false }
        if let due = cancelDue { return now >= due && dueReadSent }
        if let deadline { return now >= deadline }
        return false
    }
}
