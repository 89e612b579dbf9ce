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

need_binary() {
    if [[ ! -x $BIN ]]; then
        log "bench: building cancelbench (release) into .build-bench"
        (cd "$BENCH_ROOT" && swift build -c release --scratch-path .build-bench >&2)
    fi
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

# start_nginx DIR: nginx (one worker, no access log, endless keep-alive) serving DIR/www on 127.0.0.1,
# pinned to the server cpu. Sets NGINX_PORT and NGINX_PID.
start_nginx() {
    local dir=$1 port
    port=$(free_port)
    NGINX_PORT=$port
    mkdir -p "$dir/tmp"
    # nginx's worker runs as an unprivileged user: let it reach the files (mktemp made the folder 0700)
    chmod 711 "$BENCH_TMP" "$dir"; chmod -R a+rX "$dir/www"
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
        root $dir/www;
        location / { try_files \$uri =404; }
    }
}
CONF
    taskset -c "$SERVER_CPU" nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
    BENCH_PIDS+=("$!")
    NGINX_PID=$!
    wait_http "http://127.0.0.1:$port/" "$NGINX_PID" "$dir/stdout.log" "$dir/error.log"
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
row() { TABLE+=("$(pad "$1" 44) $(pad "$2" 16) $(pad "$3" 16) $4"); }
print_table() {
    printf '%-44s %-16s %-16s %s\n' figure measured goal met
    printf '%s\n' "${TABLE[@]}"
}
