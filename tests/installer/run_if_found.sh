#!/bin/sh
# Runs a command, or exits 77 (the tests' skip code) when its program is not installed.
command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 not found"; exit 77; }
exec "$@"
