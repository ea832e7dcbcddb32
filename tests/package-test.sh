#!/usr/bin/env bash
# The Debian packages, installed the way a DBA installs them, on real Debian: chroots made
# with debootstrap, the real mariadb-client and mysql-server-core from Debian's archive,
# and exact assertions after every step.
#
#   tests/package-test.sh [SUITE...]     (default: bookworm trixie sid; run as root)
#
# Builds perror-rs (`cargo xtask deb`) and perror-rs-mysql (`PERROR_DEFAULT_FLAVOR=mysql-9.7
# cargo xtask deb`, in a target directory of its own so that neither build undoes the
# other), then on each suite:
#
#   bookworm  perror-rs beside mariadb-client 10.11 (with bookworm-security: 10.11.19),
#             and an upgrade of mariadb-client to trixie's 11.8 while diverted
#   trixie    perror-rs beside mariadb-client 11.8
#   sid       perror-rs-mysql beside mysql-server-core (MySQL 9.7)
#
# the original first and then ours; the original reinstalled and upgraded while diverted;
# ours over itself; the other variant while ours is installed (refused, nothing changed);
# ours removed (the original is back, no diversion left); purged; ours first and then the
# original. After each step `perror --skip-extensions $(seq 0 5000)` must print what
# `perror.<original> $(seq 0 5000)` prints, stdout, stderr and exit status, byte for byte,
# and the recorded default flavor must be the original's release.
#
# Base chroots are cached as tar files in $PERROR_CHROOTS (default ~/.cache/perror-chroots),
# rebuilt when older than a week, with the .debs apt downloads kept beside them; each run
# unpacks fresh copies. Suites run in parallel, each with its own log, printed when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "package-test: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root: debootstrap, chroot and dpkg in the chroots need it (CI runs as root)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
command -v cargo-deb >/dev/null || die "needs cargo-deb (cargo install cargo-deb)"
command -v lintian >/dev/null || die "needs lintian (apt-get install lintian)"

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie sid)

cache=${PERROR_CHROOTS:-$HOME/.cache/perror-chroots}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# The Debian mirror this machine already uses (as ../shared/oracle/install-oracles.sh finds
# it); the security suites are beside it, at <mirror>-security.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
         | grep -oE '^(URIs:|deb)[[:space:]]+https?://[^ ]+/debian/?([[:space:]]|$)' | grep -oE 'https?://[^ ]+/debian' | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

# ---------------------------------------------------------------------------------------
# The packages.

echo "==> building perror-rs and perror-rs-mysql"
target_dir=$(cargo metadata --format-version 1 --no-deps --offline | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$target_dir" ] || die "cargo metadata names no target directory"
deb_mariadb=$(cargo xtask deb | tail -n 1)
deb_mysql=$(PERROR_DEFAULT_FLAVOR=mysql-9.7 CARGO_TARGET_DIR="$target_dir/package-test-mysql" cargo xtask deb | tail -n 1)
for deb in "$deb_mariadb" "$deb_mysql"; do
    [ -f "$deb" ] || die "cargo xtask deb named no package ($deb)"
done
[ "$(dpkg-deb -f "$deb_mariadb" Package)" = perror-rs ] || die "$deb_mariadb is not perror-rs"
[ "$(dpkg-deb -f "$deb_mysql" Package)" = perror-rs-mysql ] || die "$deb_mysql is not perror-rs-mysql"

synopsis=$(dpkg-deb -f "$deb_mariadb" Description | head -n 1)
[ "$synopsis" = "$(dpkg-deb -f "$deb_mysql" Description | head -n 1)" ] || die "the packages' synopses differ"

# No error and no warning; what is deliberate is overridden in debian/lintian-overrides,
# each with its reason. (lintian refuses to run as root without --allow-root.)
echo "==> lintian"
lintian --allow-root --fail-on error,warning --pedantic --display-info "$deb_mariadb" "$deb_mysql" \
    || die "lintian found errors or warnings in the packages"

# ---------------------------------------------------------------------------------------
# Base chroots.

sources_for() { # the apt sources of a suite: a stable suite with its -updates and -security
    echo "deb $mirror $1 main"
    if [ "$1" != sid ]; then
        echo "deb $mirror $1-updates main"
        echo "deb $mirror-security $1-security main"
    fi
}

# Makes $cache/<suite>.tar unless a fresh one (less than 7 days old) is there.
base() {
    local suite=$1 tar=$cache/$1.tar
    if [ -f "$tar" ] && [ -n "$(find "$tar" -mtime -7)" ]; then
        return 0
    fi
    local work
    work=$(mktemp -d "$cache/base-$suite.XXXXXX")
    echo "==> debootstrap $suite (cached in $tar)"
    if ! debootstrap --variant=minbase "$suite" "$work/root" "$mirror" >"$work/log" 2>&1; then
        tail -n 20 "$work/log" >&2
        rm -rf "$work"
        die "debootstrap $suite from $mirror failed (above: the end of its log)"
    fi
    sources_for "$suite" >"$work/root/etc/apt/sources.list"
    # A test chroot: no recommends. And Release files past their Valid-Until date are
    # read: mirrors that serve a snapshot of the archive (as this project's CI machines
    # do) keep serving sid's after it expires; the test is of our packages, not of how
    # fresh the mirror is.
    printf 'APT::Install-Recommends "false";\nAcquire::Check-Valid-Until "false";\n' \
        >"$work/root/etc/apt/apt.conf.d/90package-test"
    rm -f "$work/root/var/cache/apt/archives/"*.deb
    tar -C "$work/root" -cf "$tar.new" .
    mv "$tar.new" "$tar"
    rm -rf "$work"
}

# The suites' bases are made side by side (debootstrap mostly waits on the network).
started=$SECONDS
base_pids=()
for suite in "${suites[@]}"; do
    case "$suite" in
        bookworm | trixie | sid) ;;
        *) die "no scenario for suite '$suite' (bookworm, trixie, sid)" ;;
    esac
    base "$suite" &
    base_pids+=($!)
done
for pid in "${base_pids[@]}"; do
    wait "$pid" || die "a base chroot could not be made (above: why)"
done
echo "package-test: base chroots ready in $((SECONDS - started)) s ($cache)"

# ---------------------------------------------------------------------------------------
# One suite's scenario, in a fresh chroot, logging to stdout (the caller redirects).

scenario() {
    local suite=$1
    local root
    root=$(mktemp -d "$cache/run-$suite.XXXXXX")
    local archives=$cache/archives/$suite
    mkdir -p "$archives/partial"
    # shellcheck disable=SC2064 # expand now: the trap runs after these locals are gone
    trap "umount -l '$root/proc' '$root/var/cache/apt/archives' 2>/dev/null; rm -rf '$root'" EXIT
    tar -C "$root" -xf "$cache/$suite.tar"
    mount -t proc proc "$root/proc"
    mount --bind "$archives" "$root/var/cache/apt/archives"
    cp "$deb_mariadb" "$root/tmp/perror-rs.deb"
    cp "$deb_mysql" "$root/tmp/perror-rs-mysql.deb"

    local pkg other original name flavor
    case "$suite" in
        sid) pkg=perror-rs-mysql other=perror-rs original=mysql-server-core name=mysql flavor=mysql-9.7 ;;
        bookworm) pkg=perror-rs other=perror-rs-mysql original=mariadb-client name=mariadb flavor=mariadb-10.11 ;;
        trixie) pkg=perror-rs other=perror-rs-mysql original=mariadb-client name=mariadb flavor=mariadb-11.8 ;;
    esac

    # Runs a shell command in the chroot, in the C locale, as a login would.
    inside() {
        chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C \
            DEBIAN_FRONTEND=noninteractive HOME=/root sh -c "$1"
    }
    apt() { inside "apt-get -y -qq -o Dpkg::Use-Pty=0 $*" >/dev/null; }
    # installed, config-files or not-installed (dpkg has never heard of it).
    state_of() { inside "dpkg-query -W -f '\${db:Status-Status}' $1 2>/dev/null" || echo not-installed; }

    local step="setup"
    # A command that fails ends the scenario, saying so on the log (fd 3: the failing
    # command's own output may be going to /dev/null).
    exec 3>&1
    set -E
    trap 'echo "FAIL [$suite: $step] a command failed: $BASH_COMMAND" >&3' ERR
    fail() { echo "FAIL [$suite: $step] $*"; exit 1; }
    pass() { echo "ok   [$suite: $step] $*"; }
    # expect DESCRIPTION EXPECTED ACTUAL
    expect() {
        if [ "$2" = "$3" ]; then
            pass "$1"
        else
            fail "$1: expected '$2', got '$3'"
        fi
    }

    # The version of an installed package, without epoch or Debian revision (10.11.19).
    upstream_version() {
        inside "dpkg-query -W -f '\${Version}' $1" | sed -E 's/^[0-9]+://; s/[-+~].*//'
    }
    # The release whose messages a flavor of our perror holds (from its --version line).
    data_version() {
        # perror Ver 0.1.0 (perror-rs, MariaDB 10.11.19), …; perror from 11.8.9-MariaDB, …;
        # perror  Ver 0.1.0 for Linux on x86_64 (perror-rs, MySQL 9.7.4)
        inside "perror --flavor=$1 --version" \
            | sed -nE 's/.*(MariaDB|MySQL) ([0-9]+\.[0-9]+\.[0-9]+).*/\2/p; s/.* from ([0-9.]+)-MariaDB.*/\1/p'
    }
    diversions() { inside "dpkg-divert --list" | grep perror | sort || true; }
    recorded() { inside "cat /var/lib/perror-rs/flavor 2>/dev/null" || true; }

    # What every step must leave: ours at /usr/bin/perror, the original at perror.<name>
    # answering exactly as ours does with --skip-extensions, the original's release recorded.
    # expect_ours FLAVOR
    expect_ours() {
        local want=$1 div
        div=$(diversions)
        expect "two diversions, both ours" \
            "diversion of /usr/bin/perror to /usr/bin/perror.$name by $pkg
diversion of /usr/share/man/man1/perror.1.gz to /usr/share/man/man1/perror.$name.1.gz by $pkg" "$div"
        expect "perror is ours" "perror-rs" "$(inside 'perror --version' | grep -o perror-rs)"
        expect "the recorded flavor" "$want" "$(recorded)"
        expect "perror --help names the default flavor" "$want" \
            "$(inside 'perror --help' | sed -n 's/^flavor  *//p')"
        same_as_original "$want"
    }

    # same_as_original FLAVOR: perror --skip-extensions against perror.<name> on 0..5000.
    same_as_original() {
        local theirs ours
        theirs=$(upstream_version "$(owner)")
        ours=$(data_version "$1")
        if [ "$theirs" != "$ours" ]; then
            # Another release's answers may differ (as the live conformance test says): a
            # stable suite's own version before -security's, or Debian moved past the data
            # (then import the new release: data/README.md).
            echo "NOTE [$suite: $step] perror.$name is $theirs, $1's data is $ours:" \
                 "another release, not compared"
            return 0
        fi
        inside "perror.$name \$(seq 0 5000) >/tmp/theirs.out 2>/tmp/theirs.err; echo \$? >/tmp/theirs.status
                perror --skip-extensions \$(seq 0 5000) >/tmp/ours.out 2>/tmp/ours.err; echo \$? >/tmp/ours.status"
        for f in out err status; do
            cmp -s "$root/tmp/theirs.$f" "$root/tmp/ours.$f" \
                || { diff "$root/tmp/theirs.$f" "$root/tmp/ours.$f" | head -n 20 || true; fail "perror --skip-extensions \$(seq 0 5000): $f differs from perror.$name's"; }
        done
        pass "perror --skip-extensions \$(seq 0 5000) is perror.$name's ($theirs), byte for byte ($(wc -l <"$root/tmp/ours.out") lines)"
    }
    # The original's version line as it prints it under its own name (its argv[0] starts
    # the line: `perror.mariadb from 11.8.9-MariaDB, …`), put back under perror's.
    original_version() { inside "perror.$name --version" | sed "s|^perror\.$name|perror|"; }
    # The package that ships the original perror now.
    owner() { inside "dpkg-query -S /usr/bin/perror" | grep -v '^diversion' | sed 's/: .*//' | tr ',' '\n' | tr -d ' ' | grep -vx "$pkg"; }

    # What must hold when ours is gone: the original at /usr/bin/perror, no diversion.
    expect_original() {
        expect "no diversion left" "" "$(diversions)"
        expect "perror is the original" "$1" "$(inside 'perror --version')"
        expect "perror.$name is gone" "no" "$(inside "test -e /usr/bin/perror.$name && echo yes || echo no")"
    }

    step="apt-get update"
    apt update
    pass "$(sources_for "$suite" | wc -l) sources"

    # 1. The original first, then ours. On stable suites, the release's own version first
    # (the -t pin keeps -security's and -updates' newer one for the upgrade below).
    step="the original first"
    local pin=""
    [ "$suite" = sid ] || pin="-t $suite"
    apt install $pin "$original"
    local first_version version_line
    first_version=$(inside "dpkg-query -W -f '\${Version}' $original")
    version_line=$(inside 'perror --version')
    expect "no diversion before ours" "" "$(diversions)"
    pass "$original $first_version: $version_line"

    step="then ours"
    inside "dpkg -i /tmp/$pkg.deb" >/dev/null
    expect_ours "$flavor"
    expect "perror.$name is the original" "$version_line" "$(original_version)"
    # The synopsis is whole where dpkg -l shows it, on an 80-column terminal.
    expect "dpkg -l shows the whole synopsis" "$synopsis" \
        "$(inside "COLUMNS=80 dpkg -l $pkg" | tail -n 1 | grep -oF "$synopsis" || true)"
    expect "man perror.$name is the original's page" "yes" \
        "$(inside "test -e /usr/share/man/man1/perror.$name.1.gz && echo yes || echo no")"

    # 2. The original reinstalled while diverted: its perror lands at perror.<name> again.
    step="the original reinstalled while diverted"
    apt install --reinstall "$original"
    expect_ours "$flavor"
    expect "perror.$name is the original" "$version_line" "$(original_version)"

    # 3. The original upgraded while diverted (to -security's or -updates' version).
    step="the original upgraded while diverted"
    apt install "$original"
    local upgraded
    upgraded=$(inside "dpkg-query -W -f '\${Version}' $original")
    if [ "$upgraded" = "$first_version" ]; then
        echo "NOTE [$suite: $step] $suite has one $original ($first_version): nothing to upgrade to;" \
             "the upgrade is tested on the suites that have two"
    else
        pass "$original $first_version -> $upgraded"
        expect_ours "$flavor"
        version_line=$(original_version)
    fi

    # 4. Ours over itself: the diversions are kept, not doubled.
    step="ours over itself"
    inside "dpkg -i /tmp/$pkg.deb" >/dev/null
    expect_ours "$flavor"

    # 5. The other variant while ours is installed: refused, nothing changed.
    step="$other while $pkg is installed"
    local before status
    before=$(diversions; inside 'perror --version'; recorded)
    status=0
    inside "dpkg -i /tmp/$other.deb" >/dev/null 2>&1 || status=$?
    expect "dpkg -i $other fails" "1" "$status"
    expect "$other is not installed" "not-installed" "$(state_of "$other")"
    expect "$pkg is installed" "installed" "$(state_of "$pkg")"
    expect "nothing changed" "$before" "$(diversions; inside 'perror --version'; recorded)"
    same_as_original "$flavor"

    # 6. Ours removed: the original is back where it was.
    step="ours removed"
    inside "dpkg -r $pkg" >/dev/null
    expect_original "$version_line"
    expect "no flavor recorded" "" "$(recorded)"

    # 7. Purged: nothing of ours left.
    step="ours purged"
    inside "dpkg -i /tmp/$pkg.deb" >/dev/null
    expect_ours "$flavor"
    inside "dpkg -P $pkg" >/dev/null
    expect_original "$version_line"
    expect "/var/lib/perror-rs is gone" "no" "$(inside 'test -e /var/lib/perror-rs && echo yes || echo no')"
    expect "$pkg is purged" "not-installed" "$(state_of "$pkg")"

    # 8. Ours first, then the original.
    step="ours first"
    apt purge "$original"
    expect "no perror without ours" "no" "$(inside 'test -e /usr/bin/perror && echo yes || echo no')"
    inside "dpkg -i /tmp/$pkg.deb" >/dev/null
    expect "no flavor recorded without an original" "" "$(recorded)"
    expect "perror is ours" "perror-rs" "$(inside 'perror --version' | grep -o perror-rs)"
    step="then the original"
    apt install "$original"
    expect_ours "$flavor"
    expect "perror.$name is the original" "$version_line" "$(original_version)"

    # 9. Across releases: Debian 12's MariaDB upgraded to Debian 13's while diverted, as a
    # dist-upgrade does. The trigger moves the default from 10.11 to 11.8.
    if [ "$suite" = bookworm ]; then
        step="mariadb-client upgraded from bookworm's 10.11 to trixie's 11.8"
        sources_for trixie >>"$root/etc/apt/sources.list"
        apt update
        apt install -t trixie "$original"
        pass "$original $(inside "dpkg-query -W -f '\${Version}' $original")"
        expect_ours mariadb-11.8
    fi

    echo "done [$suite]"
}

# ---------------------------------------------------------------------------------------

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
started=$SECONDS
pids=()
for suite in "${suites[@]}"; do
    (scenario "$suite") >"$logs/$suite" 2>&1 &
    pids+=($!)
done
failed=()
for i in "${!suites[@]}"; do
    status=0
    wait "${pids[$i]}" || status=$?
    echo "==> ${suites[$i]}"
    cat "$logs/${suites[$i]}"
    [ "$status" = 0 ] || failed+=("${suites[$i]}")
done
echo "package-test: $((SECONDS - started)) s in the chroots"
[ ${#failed[@]} = 0 ] || die "failed on ${failed[*]}"
echo "package-test: every step passed on ${suites[*]}"
