#!/usr/bin/env bash
# Start-up and lookup cost of perror beside MariaDB 10.11's perror, in instructions counted
# by callgrind (repeatable to a few instructions, unlike wall-clock time), and binary sizes.
#
#   benches/startup.sh [PERROR_BINARY]
#
# Without an argument, builds the shipped binary with `cargo xtask dist` (static, non-PIE)
# and also measures the plain `cargo build --release` one. The original is the real ELF
# from the reference binaries (PERROR_ORACLES, default ~/.cache/perror-oracles; installed
# with ../shared/oracle/install-oracles.sh when missing), run directly, not through its
# wrapper script. Targets: one lookup (`perror 1158`) at most 0.40 of the original's
# instructions, 5001 codes in one call (`perror $(seq 0 5000)`) at most 0.08. Exits 1 if the
# shipped binary misses a target.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "startup.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }

oracles="${PERROR_ORACLES:-$HOME/.cache/perror-oracles}"
original="$oracles/mariadb-10.11/usr/bin/perror"
if [ ! -x "$original" ]; then
    bash ../shared/oracle/install-oracles.sh "$oracles" >&2
fi

binaries=()
if [ $# -gt 0 ]; then
    binaries+=("$1")
else
    cargo xtask dist >&2
    cargo build --release --quiet --package perror
    binaries+=(target/dist/perror target/release/perror)
fi

# Instructions `valgrind --tool=callgrind` counts for one run of "$@" (output discarded;
# `perror $(seq 0 5000)` exits 1, for the illegal codes among them).
instructions() {
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null </dev/null || true; } \
        | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}

codes=$(seq 0 5000)
cases=("1158|perror 1158|0.40" "many|perror \$(seq 0 5000)|0.08")
missed=0

printf '%-26s %-24s %12s %12s %7s %7s\n' "binary" "case" "original" "ours" "ratio" "target"
for bin in "${binaries[@]}"; do
    for c in "${cases[@]}"; do
        IFS='|' read -r id label target <<<"$c"
        if [ "$id" = many ]; then
            # One argument per code, as `perror $(seq 0 5000)`.
            # shellcheck disable=SC2086
            theirs=$(instructions "$original" $codes)
            # shellcheck disable=SC2086
            ours=$(instructions "$bin" $codes)
        else
            theirs=$(instructions "$original" 1158)
            ours=$(instructions "$bin" 1158)
        fi
        ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
        verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "ok" : "MISSED" }')
        printf '%-26s %-24s %12s %12s %7s %7s %s\n' "$bin" "$label" "$theirs" "$ours" "$ratio" "$target" "$verdict"
        if [ "$verdict" != ok ] && [ "$bin" = "${binaries[0]}" ]; then
            missed=1
        fi
    done
done

echo
printf '%-52s %10s %8s\n' "binary" "bytes" "MB"
for bin in "$original" "${binaries[@]}"; do
    bytes=$(stat -c %s "$bin")
    kind=$(file -b "$bin" 2>/dev/null | grep -o 'statically linked\|dynamically linked' || true)
    printf '%-52s %10s %8s  %s\n' "$bin" "$bytes" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')" "$kind"
done
exit "$missed"
