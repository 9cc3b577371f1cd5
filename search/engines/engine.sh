#!/usr/bin/env bash
# Real Elasticsearch 7.10.2 / OpenSearch 3.8.0 nodes for development and CI,
# run in one JVM each by the codelibs runners (jars from ./pom.xml).
#
#   engine.sh start|stop|status|reset elasticsearch|opensearch [NODES]
#
#   start   resolve the jars with Maven if needed, start NODES nodes (default 1)
#           in the background and wait until the cluster is usable (yellow or
#           green for one node, green with all nodes for more). Reuses a node
#           that is already running. stdout gets only KEY=VALUE lines, e.g.
#           SEARCH_URL=http://127.0.0.1:9201 (and SEARCH_URLS=... for NODES>1),
#           so CI can do: engine.sh start opensearch >> "$GITHUB_ENV"
#   stop    stop it (SIGTERM, SIGKILL after ENGINE_STOP_TIMEOUT s); harmless if stopped
#   status  say whether it runs and print /_cluster/health; exit 1 if not running
#   reset   stop it and wipe its data
#
# Ports: node k answers HTTP on BASE+k and uses transport ports BASE+100..BASE+109.
#   elasticsearch BASE=${ELASTICSEARCH_PORT_BASE:-9200}  -> http 9201.., transport 9300-9309
#   opensearch    BASE=${OPENSEARCH_PORT_BASE:-9250}     -> http 9251.., transport 9350-9359
#   The runners only accept HTTP ports up to 9299, so BASE+NODES must be <= 9299.
# Files: jars in search/engines/lib/<engine>/, data, node.log and the PID file
#   in var/engines/<engine>/. Data is kept between restarts; it is wiped
#   automatically only when NODES changes (a cluster's data does not fit
#   another node count), or by `reset`.
# Java: elasticsearch uses $ELASTICSEARCH_JAVA_HOME or the default `java` (11+);
#   opensearch uses $OPENSEARCH_JAVA_HOME or the newest JDK 21+ found in
#   /usr/lib/jvm, $JAVA_HOME or PATH.
# Other knobs: NODES, ENGINE_HEAP (default 1g, 2g for more than one node),
#   ENGINE_JAVA_OPTS, ENGINE_START_TIMEOUT (120), ENGINE_STOP_TIMEOUT (30).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd -P)

usage() {
    echo "usage: $(basename "$0") start|stop|status|reset elasticsearch|opensearch [NODES]" >&2
    exit 2
}
say() { echo "engine.sh: $*" >&2; }
die() { say "$*"; exit 1; }

if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
CMD=$1
ENGINE=$2
case "$CMD" in start|stop|status|reset) ;; *) usage ;; esac
NODES=${3:-${NODES:-1}}
[ -n "$NODES" ] || NODES=1

case "$ENGINE" in
    elasticsearch)
        MAIN=org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner
        BASE=${ELASTICSEARCH_PORT_BASE:-9200}
        BASE_VAR=ELASTICSEARCH_PORT_BASE
        ;;
    opensearch)
        MAIN=org.codelibs.opensearch.runner.OpenSearchRunner
        BASE=${OPENSEARCH_PORT_BASE:-9250}
        BASE_VAR=OPENSEARCH_PORT_BASE
        ;;
    *) usage ;;
esac
case "$NODES" in ''|*[!0-9]*|0*) die "NODES must be a positive number, not '$NODES'" ;; esac
case "$BASE" in ''|*[!0-9]*) die "the port base must be a number, not '$BASE'" ;; esac

LIB="$SCRIPT_DIR/lib/$ENGINE"
VAR="$ROOT/var/engines/$ENGINE"
DATA="$VAR/data"
LOG="$VAR/node.log"
PIDFILE="$VAR/$ENGINE.pid"
DATA_MARK="$DATA/.nodes"        # node count the data directory was created with
CLUSTER="cms-$ENGINE"
HTTP1=$((BASE + 1))
TRANSPORT="$((BASE + 100))-$((BASE + 109))"
START_TIMEOUT=${ENGINE_START_TIMEOUT:-120}
STOP_TIMEOUT=${ENGINE_STOP_TIMEOUT:-30}

urls() {  # comma-separated HTTP URLs of nodes 1..$1
    local k out=""
    for ((k = 1; k <= $1; k++)); do out+="${out:+,}http://127.0.0.1:$((BASE + k))"; done
    echo "$out"
}

print_urls() {  # the only stdout output of `start`
    echo "SEARCH_URL=http://127.0.0.1:$HTTP1"
    if [ "$1" -gt 1 ]; then echo "SEARCH_URLS=$(urls "$1")"; fi
}

health() {  # health JSON of node 1, or nothing
    curl -fsS --max-time 3 "http://127.0.0.1:$HTTP1/_cluster/health" 2>/dev/null || true
}

healthy() {  # $1 = expected node count
    local h status count
    h=$(health)
    status=$(sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$h")
    count=$(sed -n 's/.*"number_of_nodes":\([0-9]*\).*/\1/p' <<<"$h")
    if [ "$1" -eq 1 ]; then
        [ "$status" = green ] || [ "$status" = yellow ]
    else
        [ "$status" = green ] && [ "$count" = "$1" ]
    fi
}

is_ours() {  # pid $1 is alive and is this engine's runner on this data dir
    local args
    args=$(ps -ww -p "$1" -o args= 2>/dev/null) || return 1
    [[ "$args" == *"$MAIN"*"-basePath $DATA "* ]]
}

find_pid() {  # running runner's pid, from the PID file or, if that is lost, from ps
    local pid
    if [ -f "$PIDFILE" ]; then
        pid=$(cat "$PIDFILE" 2>/dev/null || true)
        if [[ "$pid" =~ ^[0-9]+$ ]] && is_ours "$pid"; then echo "$pid"; return 0; fi
    fi
    # PID file missing or stale (e.g. var/ was removed while it ran)
    for pid in $(ps -ww -eo pid=,args= | awk -v m="$MAIN" 'index($0, m) { print $1 }'); do
        if is_ours "$pid"; then echo "$pid"; return 0; fi
    done
    return 1
}

running_nodes() {  # -numOfNode of the runner with pid $1
    ps -ww -p "$1" -o args= | sed -n 's/.* -numOfNode \([0-9]*\).*/\1/p'
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

java_major() {  # major version of the java binary $1 (8, 11, 17, 21, ...)
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1
}

pick_java() {  # sets JAVA and JAVA_MAJOR
    local cand major best="" best_major=0 seen=" " c
    if [ "$ENGINE" = elasticsearch ]; then
        if [ -n "${ELASTICSEARCH_JAVA_HOME:-}" ]; then
            JAVA="$ELASTICSEARCH_JAVA_HOME/bin/java"
        else
            JAVA=$(command -v java || true)
            if [ -z "$JAVA" ] && [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; fi
        fi
        if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
            die "Elasticsearch 7.10 needs Java 11 or newer (17 recommended): no 'java' on PATH and ELASTICSEARCH_JAVA_HOME/JAVA_HOME unset."
        fi
        JAVA=$(readlink -f "$JAVA")
        JAVA_MAJOR=$(java_major "$JAVA")
        if [ -z "$JAVA_MAJOR" ] || [ "$JAVA_MAJOR" -lt 11 ]; then
            die "Elasticsearch 7.10 needs Java 11 or newer (17 recommended); $JAVA is Java ${JAVA_MAJOR:-unknown}. Set ELASTICSEARCH_JAVA_HOME."
        fi
        return 0
    fi
    # opensearch: Java 21+, newest wins
    if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then
        set -- "$OPENSEARCH_JAVA_HOME/bin/java"
    else
        set -- /usr/lib/jvm/*/bin/java ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)"
    fi
    for cand in "$@"; do
        if [ -z "$cand" ] || [ ! -x "$cand" ]; then continue; fi
        c=$(readlink -f "$cand")
        case "$seen" in *" $c "*) continue ;; esac
        seen+="$c "
        major=$(java_major "$c")
        [ -n "$major" ] || continue
        if [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
    done
    if [ -z "$best" ] || [ "$best_major" -lt 21 ]; then
        local found=none where="/usr/lib/jvm/*, \$JAVA_HOME and PATH"
        if [ -n "$best" ]; then found="Java $best_major ($best)"; fi
        if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then where="OPENSEARCH_JAVA_HOME=$OPENSEARCH_JAVA_HOME"; fi
        die "OpenSearch 3.8 needs Java 21 or newer; the newest JDK found is: $found (looked in $where). Install a JDK 21+ (e.g. Temurin 21 or 25) under /usr/lib/jvm or point OPENSEARCH_JAVA_HOME at one."
    fi
    JAVA=$best
    JAVA_MAJOR=$best_major
}

ensure_lib() {  # resolve the jars with Maven unless lib/<engine> matches the current pom
    local sum
    sum=$(cksum <"$SCRIPT_DIR/pom.xml")
    if [ -f "$LIB/.pom.cksum" ] && [ "$(cat "$LIB/.pom.cksum")" = "$sum" ]; then return 0; fi
    command -v mvn >/dev/null || die "Maven ('mvn') is needed once to download the $ENGINE jars into $LIB; install it (apt-get install maven)."
    say "resolving the $ENGINE jars with Maven into search/engines/lib/$ENGINE/ ..."
    rm -rf "$LIB"   # no jars of an older pom left on the classpath
    # the pom fixes the output directory to lib/<profile>
    mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" -P "$ENGINE" dependency:copy-dependencies >&2 ||
        die "Maven could not resolve the $ENGINE jars (see above)."
    [ -n "$(find "$LIB" -name '*runner*.jar' 2>/dev/null)" ] || die "Maven ran but no runner jar landed in $LIB."
    echo "$sum" >"$LIB/.pom.cksum"   # written last: an interrupted download is redone next time
}

write_configs() {  # per-node config; the runner reads <basePath>/node_<k>/config/<engine>.yml
    local k conf
    for ((k = 1; k <= NODES; k++)); do
        conf="$DATA/node_$k/config"
        mkdir -p "$conf"
        {
            echo "# Written by search/engines/engine.sh on every start; change the script, not this file."
            echo "# The runner itself sets cluster.name, node.name, http.port and the paths."
            echo "# Own transport range so that both engines (and their discovery) stay apart."
            echo "transport.port: $TRANSPORT"
            echo "# A dev/CI disk may well be over the 90 % watermark; do not block indexing for it."
            echo "cluster.routing.allocation.disk.threshold_enabled: false"
            if [ "$ENGINE" = elasticsearch ] && [ "$NODES" -eq 1 ]; then
                echo "# Elect itself at once instead of after the 3 s auto-bootstrap wait (the OpenSearch runner does this itself)."
                echo "discovery.type: single-node"
            fi
            if [ "$NODES" -gt 1 ]; then
                echo "# The runner starts the nodes one after another and each start waits for a"
                echo "# cluster-manager; on a restart node 1 alone cannot win an election (it needs"
                echo "# a majority of the old voting nodes), so do not let it wait the default 30 s."
                echo "discovery.initial_state_timeout: 1s"
            fi
        } >"$conf/$ENGINE.yml"
    done
}

wait_healthy() {  # $1 = pid, $2 = node count; returns 1 on death or timeout
    local deadline=$((SECONDS + START_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
        if healthy "$2"; then return 0; fi
        if ! kill -0 "$1" 2>/dev/null; then
            say "$ENGINE exited during start-up. The runner does not print why; a data directory"
            say "left by another version or node count is a usual cause: '$0 reset $ENGINE' wipes it."
            return 1
        fi
        sleep 1
    done
    say "$ENGINE did not report $([ "$2" -eq 1 ] && echo "yellow/green" || echo "green with $2 nodes") on port $HTTP1 within ${START_TIMEOUT}s."
    return 1
}

stop_pid() {  # $1 = pid
    local deadline=$((SECONDS + STOP_TIMEOUT))
    kill -TERM "$1" 2>/dev/null || true
    while kill -0 "$1" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    if kill -0 "$1" 2>/dev/null; then
        say "$ENGINE (pid $1) still running after ${STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL "$1" 2>/dev/null || true
        while kill -0 "$1" 2>/dev/null; do sleep 0.2; done
    fi
}

do_stop() {
    local pid
    if pid=$(find_pid); then
        say "stopping $ENGINE (pid $pid) ..."
        stop_pid "$pid"
        say "$ENGINE stopped"
    else
        say "$ENGINE is not running"
    fi
    rm -f "$PIDFILE"
}

do_start() {
    local pid running k started heap
    if pid=$(find_pid); then
        running=$(running_nodes "$pid")
        if [ "$running" != "$NODES" ]; then
            die "$ENGINE is already running with $running node(s) (pid $pid); run '$0 stop $ENGINE' first to start $NODES."
        fi
        echo "$pid" >"$PIDFILE"
        if wait_healthy "$pid" "$NODES"; then
            say "$ENGINE already running (pid $pid)"
            print_urls "$NODES"
            return 0
        fi
        tail -n 40 "$LOG" >&2 || true
        exit 1
    fi
    rm -f "$PIDFILE"

    [ $((BASE + NODES)) -le 9299 ] ||
        die "HTTP ports $HTTP1..$((BASE + NODES)) go past 9299, the highest HTTP port the runners accept; lower $BASE_VAR."
    for ((k = 1; k <= NODES; k++)); do
        if port_busy $((BASE + k)); then
            die "port $((BASE + k)) is already in use by another process (the runner would silently move to the next port); free it or change $BASE_VAR."
        fi
    done

    ensure_lib
    pick_java

    if [ -d "$DATA" ] && [ -f "$DATA_MARK" ] && [ "$(cat "$DATA_MARK")" != "$NODES" ]; then
        say "wiping $DATA: it holds a $(cat "$DATA_MARK")-node cluster, $NODES requested"
        rm -rf "$DATA"
    fi
    mkdir -p "$DATA"
    echo "$NODES" >"$DATA_MARK"
    write_configs

    heap=${ENGINE_HEAP:-$([ "$NODES" -gt 1 ] && echo 2g || echo 1g)}
    local opts=(-Xms"$heap" -Xmx"$heap" -Djava.awt.headless=true -Dfile.encoding=UTF-8)
    if [ "$ENGINE" = elasticsearch ]; then
        opts+=(-Dlog4j2.formatMsgNoLookups=true)   # ES 7.10 ships log4j 2.11.1 and the runner has no security manager
    fi
    if [ "$JAVA_MAJOR" -ge 21 ]; then
        opts+=(--enable-native-access=ALL-UNNAMED)  # Lucene/JNA native calls, silences the JDK warning
    fi
    # shellcheck disable=SC2206
    opts+=(${ENGINE_JAVA_OPTS:-})

    [ -f "$LOG" ] && mv -f "$LOG" "$LOG.1"
    say "starting $ENGINE ($NODES node(s), Java $JAVA_MAJOR: $JAVA, heap $heap, http $(urls "$NODES"), transport $TRANSPORT) ..."
    local detach=()   # own session: a Ctrl-C in the calling terminal or make must not reach it
    if command -v setsid >/dev/null; then detach=(setsid); fi
    started=$SECONDS
    (
        cd "$VAR"
        exec 9>&- ${detach[@]+"${detach[@]}"} nohup "$JAVA" "${opts[@]}" -cp "$LIB/*" "$MAIN" \
            -basePath "$DATA" -numOfNode "$NODES" -baseHttpPort "$BASE" -clusterName "$CLUSTER" \
            </dev/null >"$LOG" 2>&1
    ) &
    pid=$!
    echo "$pid" >"$PIDFILE"

    if wait_healthy "$pid" "$NODES"; then
        say "$ENGINE up in $((SECONDS - started))s (pid $pid, log var/engines/$ENGINE/node.log)"
        print_urls "$NODES"
        return 0
    fi
    say "last lines of $LOG:"
    tail -n 40 "$LOG" >&2 || true
    if kill -0 "$pid" 2>/dev/null; then stop_pid "$pid"; fi
    rm -f "$PIDFILE"
    exit 1
}

do_status() {
    local pid h
    if pid=$(find_pid); then
        h=$(health)
        say "$ENGINE running (pid $pid, $(running_nodes "$pid") node(s)) at http://127.0.0.1:$HTTP1"
        if [ -n "$h" ]; then echo "$h"; else say "no health answer on port $HTTP1 (yet)"; fi
        return 0
    fi
    say "$ENGINE is not running"
    return 1
}

mkdir -p "$VAR"
# One engine.sh at a time per engine (e.g. `make -j`); the node itself gets fd 9 closed.
exec 9>"$VAR/.lock"
if command -v flock >/dev/null; then flock 9; fi

case "$CMD" in
    start) do_start ;;
    stop) do_stop ;;
    status) do_status ;;
    reset)
        do_stop
        rm -rf "$DATA"
        say "$ENGINE data wiped ($DATA)"
        ;;
esac
