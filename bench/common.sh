# shellcheck shell=bash disable=SC2034
# Shared helpers of bench/run and bench/scale: peers from Debian, loopback ports, process cleanup, medians.
# Sourced, not run. Every server listens on 127.0.0.1; every process started here is killed on exit.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CANCELBENCH:-$BENCH_ROOT/.build-bench/release/cancelbench}
CLIENT_CPU=${BENCH_CLIENT_CPU:-0}   # the load generator runs here
SERVER_CPU=${BENCH_SERVER_CPU:-1}   # the server under test runs here
TOKEN=cancelbench-local
export LC_ALL=C.UTF-8   # character counts for the table; '.' as the decimal point everywhere

BENCH_TMP=$(mktemp -d /tmp/cancelbench-bench.XXXXXX)
BENCH_PIDS=()

cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${BENCH_PIDS[@]}"; do
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    BENCH_PIDS=()
    rm -rf "$BENCH_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

# need CMD PACKAGE: install PACKAGE from Debian when CMD is missing (apt-get update only if not found).
need() {
    local cmd=$1 pkg=$2
    command -v "$cmd" >/dev/null 2>&1 && return 0
    log "bench: installing $pkg"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null 2>&1; then
        apt-get update -q >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null || die "cannot install $pkg"
    fi
}

# need_package PACKAGE: install a Debian package (for a package that brings no command of its own name).
need_package() {
    dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' && return 0
    log "bench: installing $1"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1; then
        apt-get update -q >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null || die "cannot install $1"
    fi
}

need_binary() {
    if [[ ! -x $BIN ]]; then
        log "bench: building cancelbench (release) into .build-bench"
        (cd "$BENCH_ROOT" && swift build -c release --scratch-path .build-bench >&2)
    fi
}

# need_locust: Locust (LOCUST_VERSION from PyPI) in a virtual environment in the user's cache folder, created only
# when missing (python3 -m venv; Debian's python3-venv is installed when venv is missing). Sets LOCUST.
LOCUST_VERSION=${BENCH_LOCUST_VERSION:-2.47.0}
LOCUST_VENV=${BENCH_LOCUST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cancelbench-bench/locust-venv}
need_locust() {
    LOCUST=$LOCUST_VENV/bin/locust
    if [[ -x $LOCUST ]] && "$LOCUST" --version 2>/dev/null | grep -q "^locust $LOCUST_VERSION "; then return 0; fi
    need python3 python3
    python3 -c 'import venv, ensurepip' 2>/dev/null || need_package python3-venv
    log "bench: installing locust $LOCUST_VERSION into $LOCUST_VENV"
    [[ -x $LOCUST_VENV/bin/pip ]] || python3 -m venv "$LOCUST_VENV" >&2 || die "cannot create a virtual environment in $LOCUST_VENV"
    "$LOCUST_VENV/bin/pip" install -q "locust==$LOCUST_VERSION" >&2 || die "cannot install locust $LOCUST_VERSION from PyPI"
    "$LOCUST" --version >/dev/null 2>&1 || die "locust does not start from $LOCUST_VENV"
}

# free_port: a TCP port on 127.0.0.1 below the kernel's ephemeral range (a client connection's local port there
# made serve fail with "Address already in use" once), used by no socket, that nothing answers on.
free_port() {
    local low p
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range
    (( low > 11000 )) || low=65000
    for _ in $(seq 1 100); do
        p=$((10000 + RANDOM % (low - 10000)))
        if command -v ss >/dev/null && [[ -n $(ss -Htan "( sport = :$p or dport = :$p )") ]]; then continue; fi
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    die "no free port on 127.0.0.1"
}

# wait_http URL PID LOG...: until something answers HTTP at URL (at most 10 s); dies with the server's logs
# when it exits or never answers.
wait_http() {
    local url=$1 pid=$2; shift 2
    for _ in $(seq 1 100); do
        curl -s -o /dev/null --max-time 1 "$url" && return 0
        kill -0 "$pid" 2>/dev/null || die "the server for $url exited: $(cat "$@" 2>/dev/null)"
        sleep 0.1
    done
    die "nothing answered at $url: $(cat "$@" 2>/dev/null)"
}

# stop PID: stop one process this script started.
stop() {
    local pid=$1 rest=() p
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${BENCH_PIDS[@]}"; do [[ $p == "$pid" ]] || rest+=("$p"); done
    BENCH_PIDS=("${rest[@]}")
}

# median V...: the median of numbers (mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# calc EXPR: floating-point arithmetic (awk).
calc() { awk "BEGIN { printf \"%.6g\", $1 }"; }

# Goal checks: print yes or no.
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? "yes" : "no" }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "yes" : "no" }'; }

# Servers

# start_nginx DIR [MODE]: nginx (one worker, no access log, endless keep-alive) on 127.0.0.1, pinned to the
# server cpu. MODE file (the default) serves DIR/www; MODE return200 answers every request with an empty 200
# (`location / { return 200; }`), as fast as nginx can, so that the client is the bottleneck. Sets NGINX_PORT
# and NGINX_PID (the master; nginx_cpu adds its worker).
start_nginx() {
    local dir=$1 mode=${2:-file} port location
    port=$(free_port)
    NGINX_PORT=$port
    mkdir -p "$dir/tmp" "$dir/www"
    # nginx's worker runs as an unprivileged user: let it reach the files (mktemp made the folder 0700)
    chmod 711 "$BENCH_TMP" "$dir"; chmod -R a+rX "$dir/www"
    # shellcheck disable=SC2016  # $uri is nginx's variable, not the shell's
    case $mode in
        file) location='root '"$dir"'/www; location / { try_files $uri =404; }' ;;
        return200) location='location / { return 200; }' ;;
        *) die "start_nginx: unknown mode $mode" ;;
    esac
    cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 120s;
    default_type application/json;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        $location
    }
}
CONF
    taskset -c "$SERVER_CPU" nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
    BENCH_PIDS+=("$!")
    NGINX_PID=$!
    wait_http "http://127.0.0.1:$port/" "$NGINX_PID" "$dir/stdout.log" "$dir/error.log"
}

# CPU use of processes, from /proc/PID/stat (utime + stime, the process's threads included).
CLK_TCK=$(getconf CLK_TCK)

# proc_cpu PID...: user + system CPU seconds used so far by the PIDs (0 for one that is gone).
proc_cpu() {
    local pid total=0 f
    for pid in "$@"; do
        f=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        f=${f##*) }   # the fields after "(comm) ", which may hold spaces
        # shellcheck disable=SC2086
        set -- $f
        total=$((total + ${12} + ${13}))   # utime and stime: fields 14 and 15 of the whole line
    done
    calc "$total / $CLK_TCK"
}

# nginx_cpu: CPU seconds used so far by nginx's master and worker.
nginx_cpu() {
    # shellcheck disable=SC2046
    proc_cpu "$NGINX_PID" $(pgrep -P "$NGINX_PID" || true)
}

# window_begin, window_end: how busy the client's and the server's cpu were in all (any process, interrupts
# included; from /proc/stat) between the two calls: sets WINDOW_CLIENT_BUSY and WINDOW_SERVER_BUSY (0..1). The
# part of a cpu's busy share that the measured process did not use is other load: other processes on a shared
# machine, and interrupt time the kernel does not charge to a process.
cpu_stat() { awk -v c="cpu$1" '$1 == c { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
window_begin() { WINDOW_C0=$(cpu_stat "$CLIENT_CPU"); WINDOW_S0=$(cpu_stat "$SERVER_CPU"); }
window_end() {
    local c1 s1
    c1=$(cpu_stat "$CLIENT_CPU"); s1=$(cpu_stat "$SERVER_CPU")
    WINDOW_CLIENT_BUSY=$(busy_share "$WINDOW_C0" "$c1"); WINDOW_SERVER_BUSY=$(busy_share "$WINDOW_S0" "$s1")
}
busy_share() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
    if (y[2] > x[2]) printf "%.4f\n", (y[1] - x[1]) / (y[2] - x[2]); else print 0 }'; }

# bottleneck CLIENT SERVER CLIENT_CPU_BUSY SERVER_CPU_BUSY: which side limited a closed-loop measurement, from
# each side's share of its own core and how busy each core was in all (0..1). A side at 90% or more of its core
# while the other is below is the bottleneck; a core 90% busy of which the measured process had less is
# contention (other load took the rest); else neither core was full and round trips set the pace.
bottleneck() {
    awk -v c="$1" -v s="$2" -v cb="${3:-0}" -v sb="${4:-0}" -v cc="$CLIENT_CPU" -v sc="$SERVER_CPU" 'BEGIN {
        if (c >= 0.9 && s < 0.9) print "the client"
        else if (s >= 0.9 && c < 0.9) print "the server"
        else if (c >= 0.9 && s >= 0.9) print "both (each near its core)"
        else if (cb >= 0.9 || sb >= 0.9) {
            w = ""
            if (cb >= 0.9) w = sprintf("cpu %s (%.0f%% busy, the client had %.0f%%)", cc, cb * 100, c * 100)
            if (sb >= 0.9) w = w (w == "" ? "" : " and ") sprintf("cpu %s (%.0f%% busy, the server had %.0f%%)", sc, sb * 100, s * 100)
            print "contention: other load filled " w }
        else print "neither core full: round trips (latency, and the scenario'"'"'s own timers where it has them) set the pace" }'
}

# pct SHARE: a 0..1 share as a whole percentage.
pct() { awk -v v="$1" 'BEGIN { printf "%.0f%%", v * 100 }'; }

# seconds D: a duration as run and wrk take it (500ms, 5s, 2m, 1h, or plain seconds) in seconds.
seconds() {
    awk -v d="$1" 'BEGIN {
        n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
        f = (u == "" || u == "s") ? 1 : (u == "ms") ? 0.001 : (u == "m") ? 60 : (u == "h") ? 3600 : -1
        if (f < 0 || n <= 0) exit 1
        printf "%g\n", n * f }' || die "not a duration: $1"
}

# start_serve LOG: cancelbench serve --profile pika (one loop) pinned to the server cpu. Sets SERVE_PORT, SERVE_PID.
start_serve() {
    SERVE_PORT=$(free_port)
    taskset -c "$SERVER_CPU" "$BIN" serve --profile pika --port "$SERVE_PORT" --quiet >"$1" 2>&1 &
    SERVE_PID=$!
    BENCH_PIDS+=("$SERVE_PID")
    wait_http "http://127.0.0.1:$SERVE_PORT/" "$SERVE_PID" "$1"
}

# pad TEXT WIDTH: TEXT left-aligned in WIDTH characters (not bytes: "µs" is one column).
pad() { printf '%s%*s' "$1" $(($2 - ${#1} > 0 ? $2 - ${#1} : 0)) ''; }

# Result table: row FIGURE MEASURED GOAL MET, printed by print_table.
TABLE=()
row() { TABLE+=("$(pad "$1" 52) $(pad "$2" 16) $(pad "$3" 18) $4"); }
print_table() {
    printf '%-52s %-16s %-18s %s\n' figure measured goal met
    printf '%s\n' "${TABLE[@]}"
}
