"""Checks cancelbench's .hgrm and .hlog files against the Python hdrhistogram package (PyPI), an independent
implementation. Called by scripts/check-hdr-formats with the fixture folder that a Swift test wrote (and, with a second
argument, to compare Java's reading of the .hlog with ours).

hdrhistogram 0.10.8 departs from Java and C (the reference implementations) in three places of its .hgrm text,
so the .hgrm check uses its iterator and numbers with those three put back, and reports each departure:
  1. its PercentileIterator takes 2 ** (log2(...) + 1) without truncating the log2, so its rows sit at other
     percentile levels than Java's and C's, (long) (Math.log(...) / Math.log(2)) + 1;
  2. its footer prints "TotalCount     = %12.3f" where Java and C print "Total count    = %12d";
  3. its StdDeviation is not divided by the output unit ratio.
Numbers are printed the way Java's Formatter prints them (java_f below), not with Python's %-formatting (which is
C's printf): they differ when a double's shortest decimal ends in a 5 just past the precision.
"""
import decimal
import io
import math
import os
import sys

from hdrh.histogram import HdrHistogram
from hdrh.iterators import PercentileIterator
from hdrh.log import HistogramLogReader

NAMES = ["known", "corrected", "wide"]
RATIO = 1_000_000.0
failures = 0


def fail(message):
    global failures
    failures += 1
    print("FAIL " + message)


def load(folder, name):
    h = HdrHistogram(1, 3_600_000_000_000, 3)
    with open(os.path.join(folder, name + ".values")) as f:
        for line in f:
            if line.strip():
                h.record_value(int(line))
    return h


class JavaPercentileIterator(PercentileIterator):
    """Python's iterator with Java's and C's step: the log2 truncated before 2 ** (... + 1)."""

    def increment_iteration_level(self):
        self.percentile_to_iterate_from = self.percentile_to_iterate_to
        gap = 100.0 - self.percentile_to_iterate_to
        if gap:
            halvings = int(math.log(100 / gap) / math.log(2))
            ticks = self.percentile_ticks_per_half_distance * int(math.pow(2, halvings + 1))
            self.percentile_to_iterate_to += 100.0 / ticks


def java_f(value, precision, width=0):
    """Java's %W.Pf: the shortest decimal of the double (Python's repr), rounded half-up."""
    with decimal.localcontext() as context:
        context.prec = 800  # enough digits for any double with any precision we print
        number = decimal.Decimal(repr(float(value)))
        text = "{:f}".format(number.quantize(decimal.Decimal(1).scaleb(-precision), rounding=decimal.ROUND_HALF_UP))
    return text.rjust(width)


def java_layout_hgrm(h, ratio):
    """Python's numbers in the layout of Java's outputPercentileDistribution."""
    out = io.StringIO()
    out.write("%12s %14s %10s %14s\n\n" % ("Value", "Percentile", "TotalCount", "1/(1-Percentile)"))
    if h.get_total_count():
        for step in JavaPercentileIterator(h, 5):
            value = step.value_iterated_to / ratio
            level = step.percentile_level_iterated_to
            out.write("%s %s %10d" % (java_f(value, 3, 12), java_f(level / 100, 12, 2), step.total_count_to_this_value))
            out.write(" %s\n" % java_f(1 / (1 - level / 100), 2, 14) if level != 100 else "\n")
    out.write("#[Mean    = %s, StdDeviation   = %s]\n" % (java_f(h.get_mean_value() / ratio, 3, 12),
                                                           java_f(h.get_stddev() / ratio, 3, 12)))
    out.write("#[Max     = %s, Total count    = %12d]\n" % (java_f(h.get_max_value() / ratio, 3, 12), h.get_total_count()))
    out.write("#[Buckets = %12d, SubBuckets     = %12d]\n" % (h.bucket_count, h.sub_bucket_count))
    return out.getvalue()


def check_hgrm(folder, name):
    h = load(folder, name)
    with open(os.path.join(folder, name + ".hgrm")) as f:
        ours = f.read()
    expected = java_layout_hgrm(h, RATIO)
    if ours != expected:
        for i, (a, b) in enumerate(zip(ours.splitlines(), expected.splitlines())):
            if a != b:
                fail("%s.hgrm line %d: ours %r, python %r" % (name, i + 1, a, b))
                break
        else:
            fail("%s.hgrm: %d lines, python %d" % (name, len(ours.splitlines()), len(expected.splitlines())))
        return
    # Python's own output, unmodified: same header and same first rows (the levels agree up to 10%).
    raw = io.BytesIO()
    h.output_percentile_distribution(raw, RATIO)
    raw_lines = raw.getvalue().decode().splitlines()
    ours_lines = ours.splitlines()
    same_prefix = 0
    while same_prefix < min(len(raw_lines), len(ours_lines)) and raw_lines[same_prefix] == ours_lines[same_prefix]:
        same_prefix += 1
    if same_prefix < 4:
        fail("%s.hgrm: only %d leading lines equal python's unmodified output" % (name, same_prefix))
    print("ok   %s.hgrm: %d lines equal python's numbers in Java's layout; %d leading lines equal python's "
          "unmodified output (%d rows there, %d here)" % (name, len(ours_lines), same_prefix, len(raw_lines) - 5,
                                                          len(ours_lines) - 5))


def same_bucket(h, a, b):
    return h.get_lowest_equivalent_value(a) == h.get_lowest_equivalent_value(b)


def check_hlog(folder):
    path = os.path.join(folder, "intervals.hlog")
    with open(path) as f:
        head = f.readline().strip()
    if head != "#[Histogram log format version 1.3]":
        fail("intervals.hlog first line %r" % head)
    reader = HistogramLogReader(path, HdrHistogram(1, 3_600_000_000_000, 3))
    seen = {}
    while True:
        h = reader.get_next_interval_histogram()
        if h is None:
            break
        tag = h.get_tag()
        seen.setdefault(tag, []).append(h)
    for name in NAMES:
        intervals = seen.get(name, [])
        if len(intervals) != 3:
            fail("intervals.hlog: %d intervals tagged %s, expected 3" % (len(intervals), name))
            continue
        with open(os.path.join(folder, name + ".summary")) as f:
            total, *swift = [int(x) for x in f.read().split()]
        if intervals[1].get_total_count() != 0:
            fail("intervals.hlog: the empty %s interval holds %d values" % (name, intervals[1].get_total_count()))
        for which in (0, 2):
            h = intervals[which]
            python = [h.get_value_at_percentile(p) for p in (50, 90, 99, 99.9)] + [h.get_max_value()]
            if h.get_total_count() != total:
                fail("intervals.hlog %s #%d: total %d, swift %d" % (name, which, h.get_total_count(), total))
            for label, p, s in zip(("p50", "p90", "p99", "p99.9", "max"), python, swift):
                if not same_bucket(h, p, s):
                    fail("intervals.hlog %s #%d: %s python %d, swift %d" % (name, which, label, p, s))
        print("ok   intervals.hlog %-9s: 3 intervals, total %d, p50/p90/p99/p99.9/max (ns) python %s = swift %s"
              % (name, total, python, swift))


def check_java_hlog(folder, path):
    """Java's HistogramLogReader output (HdrReference.java hlog): tag, start, length, total, p50 … max."""
    rows = {}
    with open(path) as f:
        for line in f:
            tag, _start, _length, *numbers = line.split()
            rows.setdefault(tag, []).append([int(x) for x in numbers])
    h = HdrHistogram(1, 3_600_000_000_000, 3)
    for name in NAMES:
        with open(os.path.join(folder, name + ".summary")) as f:
            swift = [int(x) for x in f.read().split()]
        java = rows.get(name, [])
        if [r[0] for r in java] != [swift[0], 0, swift[0]]:
            fail("java reads intervals.hlog %s: totals %s, expected %s" % (name, [r[0] for r in java], [swift[0], 0, swift[0]]))
            continue
        for which in (0, 2):
            if not all(same_bucket(h, j, s) for j, s in zip(java[which][1:], swift[1:])):
                fail("java reads intervals.hlog %s #%d: %s, swift %s" % (name, which, java[which][1:], swift[1:]))
        print("ok   java reads intervals.hlog %-9s: totals %s, p50/p90/p99/p99.9/max java %s = swift %s"
              % (name, [r[0] for r in java], java[0][1:], swift[1:]))


def main():
    folder = sys.argv[1]
    if len(sys.argv) > 2:
        check_java_hlog(folder, sys.argv[2])
        return
    for name in NAMES:
        check_hgrm(folder, name)
    check_hlog(folder)
    if failures:
        print("%d check(s) failed" % failures)
        sys.exit(1)


main()
