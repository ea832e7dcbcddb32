#!/usr/bin/env bash
# Start-up and lookup cost of perror beside MariaDB 10.11's perror, in instructions counted
# by callgrind (repeatable to a few instructions, unlike wall-clock time), with the
# relocation count and size of each binary.
#
#   benches/startup.sh                 # builds and measures both builds below
#   benches/startup.sh default BINARY  # measures one binary against one build's targets
#   benches/startup.sh static BINARY
#
# Two builds, each with its own targets (ratios to the original's instructions):
#   default  plain `cargo build --release` (dynamic, PIE): what `cargo install` and
#            distributions give people. 1158 <= 0.60, 5001 codes <= 0.08,
#            fewer than 2000 relocations, <= 2.5 MB.
#   static   `cargo xtask dist` (static, non-PIE), the shipped binary. 1158 <= 0.12,
#            5001 codes <= 0.06, <= 2.5 MB.
# The original is the real ELF from the reference binaries (PERROR_ORACLES, default
# ~/.cache/perror-oracles; installed with ../shared/oracle/install-oracles.sh when
# missing), run directly, not through its wrapper script. Exits 1 if any target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "startup.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
command -v readelf >/dev/null || { echo "startup.sh: needs readelf (apt-get install binutils)" >&2; exit 2; }

oracles="${PERROR_ORACLES:-$HOME/.cache/perror-oracles}"
original="$oracles/mariadb-10.11/usr/bin/perror"
if [ ! -x "$original" ]; then
    bash ../shared/oracle/install-oracles.sh "$oracles" >&2
fi

# build|binary pairs.
builds=()
if [ $# -eq 2 ]; then
    case "$1" in
        default | static) builds+=("$1|$2") ;;
        *) echo "startup.sh: the build is 'default' or 'static', not '$1'" >&2; exit 2 ;;
    esac
elif [ $# -eq 0 ]; then
    cargo build --release --quiet --package perror
    cargo xtask dist >&2
    builds+=("default|target/release/perror" "static|target/dist/perror")
else
    echo "usage: benches/startup.sh [default|static BINARY]" >&2
    exit 2
fi

# target <build> <measure>: the most a build may reach ("" for no target).
target() {
    case "$1:$2" in
        default:1158) echo 0.60 ;;
        default:many) echo 0.08 ;;
        default:relocations) echo 1999 ;;
        static:1158) echo 0.12 ;;
        static:many) echo 0.06 ;;
        default:bytes | static:bytes) echo 2500000 ;;
        *) echo "" ;;
    esac
}

# Instructions `valgrind --tool=callgrind` counts for one run of "$@" (output discarded;
# `perror $(seq 0 5000)` exits 1, for the illegal codes among them).
instructions() {
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null </dev/null || true; } \
        | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}

# The lines `readelf -r` prints: the relocations the loader applies at each start, with
# a few header lines (the measure issue 11 set its target in).
relocations() {
    readelf -r "$1" | wc -l
}

# Misses are counted in a file: verdicts run in command substitutions (subshells).
misses=$(mktemp)
trap 'rm -f "$misses"' EXIT
# verdict <value> <target>: "ok", "MISSED", or "" without a target.
verdict() {
    if [ -z "$2" ]; then
        echo ""
    elif awk -v v="$1" -v t="$2" 'BEGIN { exit !(v <= t) }'; then
        echo ok
    else
        echo "$1 > $2" >>"$misses"
        echo MISSED
    fi
}

codes=$(seq 0 5000)
# shellcheck disable=SC2086
theirs_1158=$(instructions "$original" 1158)
# shellcheck disable=SC2086
theirs_many=$(instructions "$original" $codes)

printf '%-8s %-24s %12s %12s %7s %7s\n' "build" "case" "original" "ours" "ratio" "target"
for b in "${builds[@]}"; do
    IFS='|' read -r build bin <<<"$b"
    for id in 1158 many; do
        if [ "$id" = many ]; then
            label='perror $(seq 0 5000)'
            theirs=$theirs_many
            # One argument per code, as `perror $(seq 0 5000)`.
            # shellcheck disable=SC2086
            ours=$(instructions "$bin" $codes)
        else
            label='perror 1158'
            theirs=$theirs_1158
            ours=$(instructions "$bin" 1158)
        fi
        ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
        t=$(target "$build" "$id")
        printf '%-8s %-24s %12s %12s %7s %7s %s\n' "$build" "$label" "$theirs" "$ours" "$ratio" "$t" "$(verdict "$ratio" "$t")"
    done
done

echo
printf '%-8s %-34s %10s %8s %12s  %s\n' "build" "binary" "bytes" "MB" "relocations" "linking"
show() {
    local build=$1 bin=$2 bytes relocs kind size_t reloc_t
    bytes=$(stat -c %s "$bin")
    relocs=$(relocations "$bin")
    kind=$(file -b "$bin" 2>/dev/null | grep -o 'static-pie linked\|statically linked\|dynamically linked' || true)
    size_t=$(target "$build" bytes)
    reloc_t=$(target "$build" relocations)
    printf '%-8s %-34s %10s %8s %12s  %s' "$build" "$bin" "$bytes" \
        "$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')" "$relocs" "$kind"
    [ -z "$size_t" ] || printf '  size %s' "$(verdict "$bytes" "$size_t")"
    [ -z "$reloc_t" ] || printf '  relocations < 2000 %s' "$(verdict "$relocs" "$reloc_t")"
    echo
}
show original "$original"
for b in "${builds[@]}"; do
    IFS='|' read -r build bin <<<"$b"
    show "$build" "$bin"
done
if [ -s "$misses" ]; then
    echo "startup.sh: $(wc -l <"$misses") target(s) missed" >&2
    exit 1
fi
