#!/bin/sh
# Copies a commit's code (plus the working bench/) to its own directory, with
# node_modules linked to this checkout's except @lienthong/*, so benchmarks
# measure that commit while others keep editing the shared working tree.
#
#   bench/snapshot.sh [commit]        → prints the directory
#   cd "$(bench/snapshot.sh)" && npm run bench -- all
#
# Results are written to <directory>/bench/results; copy them back if wanted.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse --short "${1:-HEAD}")
dir=${SNAPSHOT_DIR:-/tmp/lienthong-bench-$commit}
rm -rf "$dir"
mkdir -p "$dir"
git -C "$root" archive "$commit" | tar -x -C "$dir"
rm -rf "$dir/bench"
mkdir "$dir/bench"
(cd "$root/bench" && tar -c --exclude=./data --exclude=./results .) | tar -x -C "$dir/bench"
# The search store is kept outside the snapshot: share it (PGlite) with this checkout.
mkdir -p "$root/bench/data"
ln -s "$root/bench/data" "$dir/bench/data"
mkdir "$dir/node_modules"
for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
  name=$(basename "$entry")
  [ "$name" = "@lienthong" ] || ln -s "$entry" "$dir/node_modules/$name"
done
mkdir "$dir/node_modules/@lienthong"
for p in "$dir"/packages/*/; do p=$(basename "$p"); ln -s "../../packages/$p" "$dir/node_modules/@lienthong/$p"; done
# No .git in the copy: leave the commit for the results' environment record.
echo "$commit" > "$dir/bench/.snapshot-commit"
echo "$dir"
