#!/usr/bin/env bash
# Usage: hostile-host.sh <root|unprivileged> <checkout> <command…>, run as the root of a fresh private mount namespace
# (hermetic.test.ts starts it under `unshare -m`, `unshare -r -m` or `unshare -c --keep-caps -m`).
#
# Gives <command> the machine a new user meets, made worse. Everything below happens in this mount namespace
# only; the machine's files are never touched:
#   - /tmp is an empty tmpfs: no /tmp/openclaw-state-locks-<uid>, and the command's scratch folder lies in it;
#   - then leftovers no run may depend on or trip over: lock folders another OpenClaw left (unreadable to other
#     users), a HOME whose ~/.openclaw holds a broken config, and a NemoClaw install whose Kimi plugin at the
#     production plugin path throws when loaded;
#   - <command> runs as root, or as an unprivileged user: the caller's own uid with every capability dropped, or,
#     when this script is real root, uid 65534. That user may have no way into the folders above <checkout>
#     (a root-only 0700 parent, say), so it gets the checkout at /tmp/checkout, as its own clone would be
#     reachable, and every argument naming a path in <checkout> is rewritten to it.
# Prints what /tmp holds afterwards (but HOME and the artefacts), so the test can tell that nothing was added.
set -euo pipefail
as=$1
checkout=$2
shift 2

mount -t tmpfs -o mode=1777 hostile-tmp /tmp

for uid in 0 65534 "$(id -u)"; do
  mkdir -p -m 0700 "/tmp/openclaw-state-locks-$uid"
  echo "left by another OpenClaw" >"/tmp/openclaw-state-locks-$uid/state-handles.00000000.lock.sqlite"
done

home=$(mktemp -d /tmp/home-XXXXXX)
mkdir "$home/.openclaw"
printf '{ "plugins": { "load": { "paths": [ not json\n' >"$home/.openclaw/openclaw.json"

# Covers $1 with a tmpfs; with "keep", its entries are bound back through a descriptor opened beforehand.
cover() {
  local dir=$1 keep=${2:-}
  exec 9<"$dir"
  mount -t tmpfs -o mode=0755 hostile-cover "$dir"
  if [ "$keep" = keep ]; then
    local entry name
    for entry in "/proc/$$/fd/9"/* "/proc/$$/fd/9"/.[!.]*; do
      [ -e "$entry" ] || [ -L "$entry" ] || continue
      name=${entry##*/}
      if [ -L "$entry" ]; then
        ln -s "$(readlink "$entry")" "$dir/$name"
        continue
      fi
      if [ -d "$entry" ]; then mkdir "$dir/$name"; else : >"$dir/$name"; fi
      mount --no-canonicalize --rbind "$entry" "$dir/$name"
    done
  fi
  exec 9<&-
}

plugin_root=/usr/local/share/nemoclaw/openclaw-plugins
if [ -d "$plugin_root" ]; then
  cover "$plugin_root"
else
  ancestor=$(dirname "$plugin_root")
  while [ ! -d "$ancestor" ]; do ancestor=$(dirname "$ancestor"); done
  cover "$ancestor" keep
fi
# The id of the harness tests' fixture plugin (src/fixture-intervention.ts).
broken="$plugin_root/self-test-split"
mkdir -p "$broken"
cat >"$broken/openclaw.plugin.json" <<'JSON'
{ "id": "self-test-split", "configSchema": { "type": "object", "additionalProperties": false, "properties": {} } }
JSON
echo '{ "name": "self-test-split", "type": "module", "openclaw": { "extensions": ["./index.js"] } }' \
  >"$broken/package.json"
echo 'throw new Error("the host copy of the plugin was loaded");' >"$broken/index.js"

mkdir -m 1777 /tmp/artifacts
command=(env -i "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "HOME=$home" TMPDIR=/tmp
  E2E_ARTIFACTS_DIR=/tmp/artifacts "$@")
case $as in
root) ;;
unprivileged)
  if [ "$(id -u)" = 0 ]; then
    chown -R 65534:65534 "$home"
    mkdir /tmp/checkout
    mount --bind "$checkout" /tmp/checkout
    command=(setpriv --reuid=65534 --regid=65534 --clear-groups -- "${command[@]/#$checkout//tmp/checkout}")
  else
    command=(setpriv --inh-caps=-all --ambient-caps=-all -- "${command[@]}")
  fi
  ;;
*)
  echo "hostile-host: unknown user kind $as" >&2
  exit 64
  ;;
esac

status=0
"${command[@]}" || status=$?
left=$(cd /tmp && find . -mindepth 1 -not -path "./${home#/tmp/}*" -not -path "./artifacts*" -not -path "./checkout*" |
  sort | tr '\n' ' ')
echo "hostile-host: /tmp afterwards: [${left% }]"
exit "$status"
