#!/bin/sh
# Installs the Debian packages profcheck needs when run as root; otherwise
# names the missing ones and the exact command that installs them.  groff
# and man check the manual pages, dpkg-dev gives `make package` the
# dependencies of the binaries (dpkg-shlibdeps).
# Chromium is optional: `make check` opens the HTML report in it, and skips
# that test (saying so) where it is not installed; as root it is installed.
set -u

packages="cmake make gcc pkg-config libxml2-dev libxml2-utils libcunit1-dev libelf-dev libpcre2-dev groff-base man-db dpkg-dev"
optional="chromium"
missing=""

if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian: check what the build needs through pkg-config instead.
    for module in libxml-2.0 cunit libelf libpcre2-8; do
        pkg-config --exists "$module" 2>/dev/null || missing="$missing $module"
    done
    if [ -n "$missing" ]; then
        echo "profcheck needs the development files of:$missing (and cmake, a C11 compiler, xmllint)" >&2
        exit 1
    fi
else
    for p in $packages; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "installing:$missing"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
                echo "apt-get could not install:$missing" >&2
                exit 1
            }
        else
            echo "profcheck needs these Debian packages:$missing" >&2
            echo "install them with:" >&2
            echo "  sudo apt-get install -y$missing" >&2
            exit 1
        fi
    fi
fi

if command -v dpkg-query >/dev/null 2>&1; then
    for p in $optional; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
        if [ "$(id -u)" = 0 ]; then
            echo "installing: $p (for the browser test of the HTML report)"
            export DEBIAN_FRONTEND=noninteractive
            if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$p" >/dev/null; }; then
                echo "apt-get could not install $p: make check will skip the browser test" >&2
            fi
        else
            echo "note: without $p, make check skips the browser test of the HTML report" >&2
            echo "  (install it with: sudo apt-get install -y $p)" >&2
        fi
    done
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "profcheck needs the .NET SDK (dotnet on PATH) to build and run its fixtures:" >&2
    echo "  https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 1
fi
exit 0
