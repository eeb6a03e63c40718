#!/usr/bin/env bash
# deps.sh - installs the Debian packages xbench needs to build and test,
# when they are missing, and says what it installs. Run as root on Debian or
# Ubuntu; elsewhere it prints what to install and fails.
set -euo pipefail

missing=()
need() { # need PACKAGE CHECK-COMMAND...
	local pkg=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		missing+=("$pkg")
	fi
}

need pkg-config command -v pkg-config
need liburing-dev pkg-config --exists liburing
need libaio-dev test -e /usr/include/libaio.h
need fio command -v fio
need mount command -v losetup
# The safety and ENOSPC tests make and mount a small ext4 filesystem.
need e2fsprogs command -v mkfs.ext4
# The report tests: fio_generate_plots and fio2gnuplot plot with gnuplot,
# the HTML report is rendered in headless Chromium.
need gnuplot-nox command -v gnuplot
need chromium command -v chromium

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all present (liburing-dev, libaio-dev, fio, pkg-config, losetup, mkfs.ext4, gnuplot, chromium)"
	exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "deps: cannot install here; as root run: apt-get install -y ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
	apt-get update
	apt-get install -y --no-install-recommends "${missing[@]}"
fi
