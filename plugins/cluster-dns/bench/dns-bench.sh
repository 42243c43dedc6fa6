#!/usr/bin/env bash
# DNS benchmark: the cluster DNS server on loopback with N Services, loaded by a Java generator
# (throughput and p99) and by dnsperf when installed (apt-get install -y dnsperf), each figure beside
# a trivial UDP echo responder in the same run.  Usage: dns-bench.sh [services] [seconds] [rate]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xms512m -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.timonel.plugins.clusterdns.bench.DnsBench "$@"
