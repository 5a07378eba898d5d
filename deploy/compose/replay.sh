#!/bin/sh
# Demo replay of the docker-compose stack: a Taobao UserBehavior CSV (user,item,category,behavior,seconds) becomes
# clickstream events keyed by user, timestamps shifted so that the newest event happens now (as bin/streamrank-local
# does), produced with Kafka's console producer. POSIX sh + awk: runs in the apache/kafka image (busybox).
#
#   replay.sh FILE.csv [LIMIT]            produce to $BOOTSTRAP (default kafka:19092), topic $TOPIC (clickstream)
#   replay.sh --print FILE.csv [LIMIT]    print "userId|json" lines instead (tested by ops-tests)
#
# LIMIT: replay at most that many rows in file order (0 = all). REPLAY_END_MS overrides "now".
set -eu
print=0
if [ "${1:-}" = "--print" ]; then print=1; shift; fi
csv=${1:?usage: replay.sh [--print] FILE.csv [LIMIT]}
limit=${2:-0}
end_ms=${REPLAY_END_MS:-$(( $(date +%s) * 1000 - 1000 ))}

events() {
  # 1) number the rows, keep complete rows with a known behaviour, stop at LIMIT;
  # 2) sort by time; 3) shift to end at end_ms and write the contract's JSON (docs/contract.md).
  awk -F, -v limit="$limit" '
    NF == 5 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ && $5 ~ /^[0-9]+$/ &&
    ($4 == "pv" || $4 == "cart" || $4 == "fav" || $4 == "buy") {
      print NR "," $0; n++; if (limit > 0 && n >= limit) exit
    }' "$csv" \
  | sort -t, -k6,6n -k1,1n \
  | awk -F, -v end_ms="$end_ms" '
    { line[NR] = $0; ts[NR] = $6 } END {
      if (NR == 0) exit
      shift = end_ms - ts[NR] * 1000
      for (i = 1; i <= NR; i++) {
        split(line[i], f, ",")
        type = f[5] == "pv" ? "click" : f[5]
        printf "%s|{\"eventId\":\"tb-%s\",\"userId\":%s,\"itemId\":%s,\"categoryId\":%s,\"type\":\"%s\",\"timestamp\":%.0f}\n", \
          f[2], f[1], f[2], f[3], f[4], type, f[6] * 1000 + shift
      }
    }'
}

if [ "$print" = 1 ]; then
  events
else
  echo "replaying $csv (limit $limit) into ${TOPIC:-clickstream} at ${BOOTSTRAP:-kafka:19092} ..."
  events | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "${BOOTSTRAP:-kafka:19092}" \
    --topic "${TOPIC:-clickstream}" --property parse.key=true --property key.separator='|' \
    --producer-property linger.ms=20
  echo "replay done"
fi
