#!/usr/bin/env bash
# Throughput and memory of `perror --annotate`, beside GNU grep counting the same trigger
# words in the same file (the target: at least half of grep's throughput, on one core).
#
#   benches/annotate.sh [SIZE_MIB]      # default 1024: a 1 GiB log
#
# Generates a synthetic MariaDB error log (about one line in ten carries a code) into
# $PERROR_BENCH_DIR (default target/bench), once per size, builds the release binary, and
# prints MiB/s for each and their ratio; with GNU time installed, also perror's peak RSS on
# the log and on a 100 MiB line without a line feed.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mib="${1:-1024}"
dir="${PERROR_BENCH_DIR:-target/bench}"
log="$dir/error-notes-$size_mib.log"
long="$dir/long-line-100.log"
mkdir -p "$dir"

# One realistic line at a time; `rand() < 0.1` picks a line that carries codes.
generate() {
    awk -v bytes="$(($1 * 1024 * 1024))" 'BEGIN {
        srand(42)
        notes[0] = "[Note] InnoDB: Buffer pool(s) load completed at 240419 17:02:11"
        notes[1] = "[Note] mariadbd: Event Scheduler: Loaded 0 events"
        notes[2] = "[Note] InnoDB: Resuming purge"
        notes[3] = "[Note] Start binlog_dump to slave_server(2), pos(mysql-bin.000123, 4711), using_gtid(1), gtid(\x270-1-815\x27)"
        notes[4] = "[Note] Slave I/O thread: connected to master \x27repl@10.0.0.2:3306\x27,replication started in log \x27mysql-bin.000123\x27 at position 4"
        notes[5] = "[Note] InnoDB: Completed initialization of buffer pool"
        notes[6] = "[Note] Detected table cache mutex contention at instance 1: 23% waits. Additional table cache instance activated. Number of instances after activation: 2."
        notes[7] = "[Note] Server socket created on IP: \x270.0.0.0\x27, port: \x273306\x27."
        # The server starting and stopping: messages of the server table, at [Note]
        # level (the informational ones get no annotation).
        notes[8] = "[Note] mariadbd: ready for connections.\nVersion: \x2711.8.3-MariaDB-log\x27  socket: \x27/run/mysqld/mysqld.sock\x27  port: 3306  mariadb.org binary distribution"
        notes[9] = "[Note] InnoDB: Starting shutdown..."
        notes[10] = "[Note] mariadbd (initiated by: unknown): Normal shutdown"
        notes[11] = "[Note] mariadbd: Shutdown complete"
        notes[12] = "[Note] Event Scheduler: Loaded 3 events"
        notes[13] = "[Note] InnoDB: Shutdown completed; log sequence number 1629871; transaction id 4711"
        notes[14] = "[Note] Starting MariaDB 11.8.3-MariaDB-log source revision 0123456789abcdef server_uid 6KbNTf6horTiQrWEGtSivYK= as process 1"
        notes[15] = "[Note] Slave SQL thread initialized, starting replication in log \x27mysql-bin.000123\x27 at position 4, relay log \x27./relay-bin.000001\x27 position: 4"
        codes[0] = "[Warning] mariadbd: Could not read packet: fd: 4575  state: 1  read_length: 4  errno: 104  vio_errno: 1158  length: -1"
        codes[1] = "[Warning] Aborted connection 20090 to db: \x27unconnected\x27 user: \x27unauthenticated\x27 host: \x2710.0.0.7\x27 (Got an error reading communication packets)"
        codes[2] = "[ERROR] InnoDB: Operating system error number 28 in a file operation."
        codes[3] = "[ERROR] Slave SQL: Could not execute Write_rows_v1 event on table shop.orders; Duplicate entry \x2742\x27 for key \x27PRIMARY\x27, Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event\x27s master log mysql-bin.000123, end_log_pos 4711, Gtid 0-1-815, Internal MariaDB error code: 1062"
        codes[4] = "[Warning] Access denied for user \x27app\x27@\x2710.0.0.9\x27 (using password: YES)"
        codes[5] = "[ERROR] mariadbd: Can\x27t create/write to file \x27/tmp/#sql_1c4d_0.MAI\x27 (Errcode: 28 \"No space left on device\")"
        codes[6] = "[ERROR] Slave I/O: error reconnecting to master \x27repl@10.0.0.2:3306\x27 - retry-time: 60  maximum-retries: 86400  message: Can\x27t connect to server on \x2710.0.0.2\x27 (111 \"Connection refused\"), Internal MariaDB error code: 2003"
        codes[7] = "[ERROR] InnoDB: Got error 28 \"No space left on device\" from storage engine InnoDB"
        written = 0
        while (written < bytes) {
            line = sprintf("2024-04-19 17:%02d:%02d %d ", int(rand() * 60), int(rand() * 60), 1000 + int(rand() * 90000))
            line = line (rand() < 0.1 ? codes[int(rand() * 8)] : notes[int(rand() * 16)])
            print line
            written += length(line) + 1
        }
    }'
}

if [ ! -s "$log" ]; then
    echo "generating $log ($size_mib MiB)…" >&2
    generate "$size_mib" >"$log.tmp" && mv "$log.tmp" "$log"
fi
if [ ! -s "$long" ]; then
    echo "generating $long (a 100 MiB line without a line feed)…" >&2
    { head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' 'x'; printf ' errno: 104'; } >"$long.tmp"
    mv "$long.tmp" "$long"
fi

cargo build --release -q -p perror
perror=target/release/perror
bytes=$(stat -c %s "$log")

# The fields' trigger words (src/annotate/fields.rs), for grep -E.
triggers=(-e errno -e Errcode -e ' "' -e 'Got error' -e error -e Error -e ERROR
          -e Error_code -e server_errno -e Last_Errno -e Last_IO_Errno -e Last_SQL_Errno
          -e 'Internal MariaDB error code' -e 'OS error number'
          -e 'Operating system error number' -e 'Error number' -e 'IO Error'
          -e 'system error' -e 'OS error' -e 'MY-' -e "' \\(" -e 'error code'
          -e Errno -e 'apply warning' -e 'apply failed' -e 'got signal' -e 'Got signal'
          -e ', SQLState: ' -e 'Y000]' -e 'Y000/' -e 'Y000: ' -e ECONNREFUSED -e ECONNRESET
          -e ECONNABORTED -e ETIMEDOUT)

# On one core, as the target says, when taskset is there.
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# "wall cpu" seconds (cpu = user + sys) of the best of three runs of the command, its
# output going to $sink.
best_of_3() {
    local sink=$1 best= t
    shift
    for _ in 1 2 3; do
        t=$( { TIMEFORMAT='%R %U %S'; time "${pin[@]}" "$@" >"$sink" 2>/dev/null; } 2>&1 |
             awk '{ printf "%.3f %.3f", $1, $2 + $3 }')
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[2] < y[2]) }'; then
            best=$t
        fi
    done
    echo "$best"
}

cat "$log" >/dev/null  # into the page cache, for both
echo "perror: $perror --annotate $log >/dev/null" >&2
t_perror=$(best_of_3 /dev/null "$perror" --annotate "$log")
# grep's count goes to a file: GNU grep stops at the first match when its output is
# /dev/null.
echo "grep:   grep -c -E ${triggers[*]} $log >$dir/grep.count" >&2
t_grep=$(best_of_3 "$dir/grep.count" grep -c -E "${triggers[@]}" "$log")
awk -v b="$bytes" -v p="$t_perror" -v g="$t_grep" 'BEGIN {
    split(p, P, " "); split(g, G, " ")
    mib = b / 1048576
    printf "file:               %.0f MiB, %s lines with a trigger word\n", mib, "'"$(cat "$dir/grep.count")"'"
    printf "                       wall        MiB/s      cpu        MiB/s\n"
    printf "perror --annotate: %7.2f s  %8.1f  %7.2f s  %8.1f\n", P[1], mib / P[1], P[2], mib / P[2]
    printf "grep -c -E:        %7.2f s  %8.1f  %7.2f s  %8.1f\n", G[1], mib / G[1], G[2], mib / G[2]
    printf "ratio (perror / grep throughput): wall %.2f, cpu %.2f (target: >= 0.50)\n", G[1] / P[1], G[2] / P[2]
}'

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }'; }
if /usr/bin/time -v true >/dev/null 2>&1; then
    echo "peak RSS, --annotate on the log:          $(rss "$perror" --annotate "$log") KiB"
    echo "peak RSS, --annotate --top on the log:    $(rss "$perror" --annotate --top "$log") KiB"
    echo "peak RSS, --annotate on a 100 MiB line:   $(rss "$perror" --annotate "$long") KiB"
else
    echo "(install GNU time, /usr/bin/time, for peak RSS)"
fi
