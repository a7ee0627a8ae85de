#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md with the short settings used there (one fork, 3 warm-up and
# 5 measured iterations of 1 s), writing JMH's JSON results and the logs to bench/results/.
# Build first: mvn -B -Pbench -pl bench -am -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
out=bench/results
mkdir -p "$out"
short=(-f 1 -wi 3 -i 5 -w 1 -r 1)

{ lscpu; java -version 2>&1; uptime; } > "$out/machine.txt"
java -jar "$jar" PathBench "${short[@]}" -prof gc -rf json -rff "$out/path.json" | tee "$out/path.log"
java -jar "$jar" ScalingBench "${short[@]}" -prof gc -rf json -rff "$out/scaling.json" | tee "$out/scaling.log"
java -jar "$jar" 'SimSpeedBench.contention' "${short[@]}" -rf json -rff "$out/contention.json" | tee "$out/contention.log"
java -jar "$jar" 'SimSpeedBench.hour' -p horizon=3600s -rf json -rff "$out/hour.json" | tee "$out/hour.log"
java -jar "$jar" ComponentBench "${short[@]}" -rf json -rff "$out/component.json" | tee "$out/component.log"
java -Xms8g -Xmx8g -XX:+UseSerialGC -cp "$jar" org.kerone.vmm.internal.Footprint histo | tee "$out/footprint.log"
uptime >> "$out/machine.txt"
