#!/bin/bash
# Submits a sharded cancelbench run to Slurm: an array job with one shard per task, then the merge, which
# waits for every shard (--dependency=afterok) and is cancelled if one fails (--kill-on-invalid-dep=yes).
#
#   CB_TARGET=http://api.internal:8080 CB_RESULTS=/shared/cancelbench/run1 CB_SHARDS=8 CB_JOBS=40000 \
#   CANCELBENCH_TOKEN=... CB_THRESHOLDS='violations==0;cancel.p(99)<300ms' deploy/slurm/submit.sh [sbatch options]
#
# Environment (see also the two .sbatch scripts):
#   CB_TARGET       base URL of the API under test (required)
#   CB_RESULTS      results folder on storage every node shares, absolute, not yet holding shard-* or merged (required)
#   CB_SHARDS       number of shards = array tasks (default 4)
#   CB_SEED         seed of the global plan (default: a random one, printed; the same for every shard)
#   CB_JOBS         jobs in the global plan (default 2000)
#   CB_PROFILE      profile name or file (default pika)
#   CB_START_AT     when the shards start, RFC 3339 or Unix seconds (default: now + CB_START_DELAY)
#   CB_START_DELAY  seconds from submission to the start, long enough for every task to be scheduled (default 60)
#   CB_RUN_ARGS     more `cancelbench run` options for every shard
#   CB_THRESHOLDS, CB_JUNIT, CB_PARTIAL   the gate, judged by the merge on the whole run
#   CANCELBENCH     the cancelbench binary, as the compute nodes see it (default: cancelbench on PATH)
# Extra arguments (e.g. --partition=batch --account=perf) go to both sbatch calls.
# Prints array_job=ID and merge_job=ID (for scripts) and the commands to watch them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${CB_TARGET:?set CB_TARGET to the API base URL}"
: "${CB_RESULTS:?set CB_RESULTS to a results folder on shared storage}"
case "$CB_RESULTS" in /*) ;; *) CB_RESULTS="$(pwd)/$CB_RESULTS" ;; esac
CB_SHARDS=${CB_SHARDS:-4}
case "$CB_SHARDS" in ''|*[!0-9]*|0) echo "submit.sh: CB_SHARDS must be a positive integer" >&2; exit 64 ;; esac
CB_JOBS=${CB_JOBS:-2000}
CB_PROFILE=${CB_PROFILE:-pika}
if [ -z "${CB_SEED:-}" ]; then
  CB_SEED=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fi
if [ -z "${CB_START_AT:-}" ]; then
  CB_START_AT=$(( $(date +%s) + ${CB_START_DELAY:-60} ))
fi

shopt -s nullglob
old=("$CB_RESULTS"/shard-*)
[ -e "$CB_RESULTS/merged" ] && old+=("$CB_RESULTS/merged")
if [ ${#old[@]} -gt 0 ]; then
  echo "submit.sh: $CB_RESULTS already holds ${old[*]}; use a new folder per run" >&2
  exit 64
fi
mkdir -p "$CB_RESULTS/logs"

# Exported, not passed with --export=VAR=value: values such as a --cancel-mix hold commas.
export CB_TARGET CB_RESULTS CB_SHARDS CB_SEED CB_JOBS CB_PROFILE CB_START_AT
export CB_RUN_ARGS="${CB_RUN_ARGS:-}" CB_THRESHOLDS="${CB_THRESHOLDS:-}" CB_JUNIT="${CB_JUNIT:-}"
export CB_PARTIAL="${CB_PARTIAL:-0}" CANCELBENCH="${CANCELBENCH:-cancelbench}"

array_job=$(sbatch --parsable --export=ALL --array="1-$CB_SHARDS" \
  --output="$CB_RESULTS/logs/shard-%a.out" "$@" "$here/cancelbench-array.sbatch")
array_job=${array_job%%;*}   # --parsable prints ID or ID;CLUSTER
merge_job=$(sbatch --parsable --export=ALL --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$CB_RESULTS/logs/merge.out" "$@" "$here/cancelbench-merge.sbatch")
merge_job=${merge_job%%;*}

echo "cancelbench on Slurm: $CB_SHARDS shards of $CB_JOBS jobs, seed $CB_SEED, start at $CB_START_AT, target $CB_TARGET"
echo "array_job=$array_job"
echo "merge_job=$merge_job"
echo "results: $CB_RESULTS (shard-1 … shard-$CB_SHARDS, merged, logs)"
echo "watch: squeue -j $array_job,$merge_job   after: sacct -j $array_job,$merge_job -o JobID,State,ExitCode"
