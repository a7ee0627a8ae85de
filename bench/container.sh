#!/usr/bin/env bash
# Container figures (issue 5, item 4), median of N runs (default 5):
#  - start: wall time from `java -jar app/target/kerone.jar --live` to the platform ready (its start
#    line printed: Felix up, bundles started, configurations applied);
#  - deploy: wall time from copying an accelerator bundle into the deploy folder to the first job of
#    that device served after it (the jar already holds crc32, so the copy is an update:
#    FileInstall installs it over the running bundle, the platform rebinds the device).
# Needs the exported jar and the crc32 bundle: mvn -B -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=app/target/kerone.jar
crc=$(ls accelerators/crc32/target/accelerators.crc32-*.jar | grep -v tests | head -n 1)
ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
starts=(); deploys=()
for i in $(seq 1 "$runs"); do
    work=$(mktemp -d)
    cat > "$work/scenario.json" <<'JSON'
{"horizon": "1s", "prrs": [{"id": "prr0", "class": "large"}, {"id": "prr1", "class": "small"}],
 "vms": [{"id": 1, "priority": 10, "repeat": 0, "program": [{"compute": "1ms"}, {"use": "crc32", "bytes": 4096}]}]}
JSON
    t0=$(ms)
    java -jar "$jar" --live --speed 1 --scenario "$work/scenario.json" --deploy "$work/deploy" --trace "$work/t.jsonl" \
        < /dev/null > "$work/out" 2> "$work/err" &
    pid=$!
    until grep -q "live platform" "$work/out" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
        sleep 0.005
    done
    t1=$(ms)
    starts+=($((t1 - t0)))
    sleep 1
    t2=$(ms)
    cp "$crc" "$work/deploy/"
    until grep -q '"ev":"device_updated"' "$work/t.jsonl" 2>/dev/null; do sleep 0.005; done
    # the first crc32 job done after the update
    line=$(grep -n '"ev":"device_updated"' "$work/t.jsonl" | head -n 1 | cut -d: -f1)
    until tail -n +"$line" "$work/t.jsonl" | grep -q '"ev":"job_done"'; do sleep 0.005; done
    t3=$(ms)
    deploys+=($((t3 - t2)))
    kill -TERM "$pid"; wait "$pid" || true
    rm -rf "$work"
done
echo "start to ready (ms):            ${starts[*]}  median $(printf '%s\n' "${starts[@]}" | median)"
echo "deploy to first job served (ms): ${deploys[*]}  median $(printf '%s\n' "${deploys[@]}" | median)"
