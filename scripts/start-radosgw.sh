#!/usr/bin/env bash
# A throwaway single-node Ceph with an S3 gateway on loopback, for running the blob-store contract
# against a real S3 implementation (issue #14): one monitor, one OSD on memstore (in RAM, nothing on
# disk but logs and the monitor's store), no manager, and radosgw with the beast frontend. Debian's
# packages only (bookworm: Ceph 16 "pacific"):
#   apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common
# No systemd, no /etc/ceph: everything lives under RADOSGW_DIR with its own ceph.conf and keyring.
#
#   scripts/start-radosgw.sh        start (or, if this dir's gateway already answers, reuse it) and
#                                   print the S3_TEST_* lines for tests/helpers/blob-store-harness.ts
#   scripts/start-radosgw.sh stop   stop the daemons and remove RADOSGW_DIR
#
#   env_lines=$(scripts/start-radosgw.sh)   # an assignment, so a failed start stops `set -e`
#   set -a; eval "$env_lines"; set +a
#   npx vitest run tests/integration/blob-store.test.ts -t S3_TEST_BUCKET
#   scripts/start-radosgw.sh stop
#
# Measured on a 2-core CI machine: install 30-40 s (63 packages, 67 MB), start 16-17 s, stop 6 s;
# about 350 MB of RAM while running (more while objects are stored: memstore keeps them in RAM).
#
# Settings (environment): RADOSGW_DIR (default /tmp/shipyard-radosgw), RADOSGW_PORT (7480),
# RADOSGW_MON_PORT (the monitor's msgr2 port, 3300), RADOSGW_BUCKET (shipyard-test).
# Progress goes to stderr; only the S3_TEST_* lines go to stdout.
set -euo pipefail

DIR=${RADOSGW_DIR:-/tmp/shipyard-radosgw}
RGW_PORT=${RADOSGW_PORT:-7480}
MON_PORT=${RADOSGW_MON_PORT:-3300}
BUCKET=${RADOSGW_BUCKET:-shipyard-test}
REGION=us-east-1
REPO=$(cd "$(dirname "$0")/.." && pwd)
export CEPH_CONF=$DIR/ceph.conf

log() { echo "start-radosgw: $*" >&2; }
fail() {
  log "$*"
  for f in "$DIR"/log/*; do [ -f "$f" ] && { echo "--- $f (last lines)" >&2; tail -n 15 "$f" >&2; }; done
  # Nothing left running; the logs stay in $DIR until the next start or stop.
  stop_all
  exit 1
}

# The daemons by their pid files, gateway first: SIGTERM, then SIGKILL after 10 s.
stop_all() {
  local name pid
  for name in client.rgw.a osd.0 mon.a; do
    [ -f "$DIR/run/$name.pid" ] || continue
    pid=$(cat "$DIR/run/$name.pid")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

print_env() {
  cat "$DIR/s3.env"
}

gateway_answers() {
  curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$RGW_PORT/"
}

if [ "${1:-}" = "stop" ]; then
  [ -d "$DIR" ] && stop_all
  rm -rf "$DIR"
  log "stopped, $DIR removed"
  exit 0
fi

# Reuse a running gateway from this dir; otherwise start from scratch.
if [ -f "$DIR/s3.env" ] && [ -f "$DIR/run/client.rgw.a.pid" ] && kill -0 "$(cat "$DIR/run/client.rgw.a.pid")" 2>/dev/null && gateway_answers; then
  log "reusing the gateway in $DIR"
  print_env
  exit 0
fi
for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool uuidgen curl node; do
  command -v "$bin" >/dev/null || fail "$bin is missing (apt-get install radosgw ceph-mon ceph-osd ceph-common)"
done
[ -d "$DIR" ] && stop_all
rm -rf "$DIR"
# Something else on our ports would answer in our daemons' place.
for port in "$MON_PORT" "$RGW_PORT"; do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && fail "127.0.0.1:$port is taken (set RADOSGW_MON_PORT / RADOSGW_PORT)"
done
mkdir -p "$DIR"/{mon,osd/0,run,log,rgw}

FSID=$(uuidgen)
cat >"$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
log to stderr = false
err to stderr = true
# One OSD: one copy of everything, few placement groups, nothing to spread across hosts.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
mon warn on pool no redundancy = false
auth allow insecure global id reclaim = false

[mon]
mon data = $DIR/mon/\$id

[osd]
osd data = $DIR/osd/\$id
osd objectstore = memstore
memstore device bytes = 2147483648
osd class load list = *
osd class default list = *

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $DIR/rgw
rgw dns name = 127.0.0.1
EOF

started=$(date +%s)
# One keyring for every entity, imported into the monitor's auth database when it is created.
ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$DIR/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool "$DIR/keyring" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd' >/dev/null
ceph-authtool "$DIR/keyring" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null

monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring" || fail "ceph-mon --mkfs failed"
ceph-mon -i a 2>>"$DIR/log/mon.a.stderr" || fail "ceph-mon did not start"
timeout 60 ceph --connect-timeout 30 -s >/dev/null || fail "the monitor does not answer"
log "monitor up after $(($(date +%s) - started)) s"

OSD_UUID=$(uuidgen)
[ "$(ceph osd new "$OSD_UUID" 0)" = 0 ] || fail "ceph osd new did not give id 0"
ceph-osd -i 0 --mkfs --osd-uuid "$OSD_UUID" 2>>"$DIR/log/osd-mkfs.log" || fail "ceph-osd --mkfs failed"
ceph-osd -i 0 2>>"$DIR/log/osd.0.stderr" || fail "ceph-osd did not start"
for _ in $(seq 120); do
  ceph osd dump 2>/dev/null | grep -q '^osd\.0 up' && break
  sleep 0.5
done
ceph osd dump | grep -q '^osd\.0 up' || fail "osd.0 did not come up"
log "OSD up after $(($(date +%s) - started)) s"

radosgw -n client.rgw.a 2>>"$DIR/log/client.rgw.a.stderr" || fail "radosgw did not start"
for _ in $(seq 240); do
  gateway_answers && break
  sleep 0.5
done
gateway_answers || fail "radosgw does not answer on 127.0.0.1:$RGW_PORT"
log "gateway answers after $(($(date +%s) - started)) s"

ACCESS_KEY=$(head -c 10 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
SECRET_KEY=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
radosgw-admin -n client.admin user create --uid=shipyard --display-name=Shipyard \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null || fail "radosgw-admin user create failed"

ENDPOINT=http://127.0.0.1:$RGW_PORT
(cd "$REPO" && S3E=$ENDPOINT S3B=$BUCKET S3K=$ACCESS_KEY S3S=$SECRET_KEY S3R=$REGION node --no-warnings --input-type=module -e '
import { S3Client, CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
const e = process.env;
const client = new S3Client({ endpoint: e.S3E, region: e.S3R, forcePathStyle: true, credentials: { accessKeyId: e.S3K, secretAccessKey: e.S3S } });
for (let attempt = 1; ; attempt++) {
  try {
    await client.send(new CreateBucketCommand({ Bucket: e.S3B })).catch((error) => {
      if (error.name !== "BucketAlreadyOwnedByYou") throw error;
    });
    await client.send(new HeadBucketCommand({ Bucket: e.S3B }));
    break;
  } catch (error) {
    if (attempt >= 20) throw error;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
') >&2 || fail "could not create bucket $BUCKET"

cat >"$DIR/s3.env" <<EOF
S3_TEST_ENDPOINT=$ENDPOINT
S3_TEST_BUCKET=$BUCKET
S3_TEST_ACCESS_KEY_ID=$ACCESS_KEY
S3_TEST_SECRET_ACCESS_KEY=$SECRET_KEY
S3_TEST_REGION=$REGION
S3_TEST_FORCE_PATH_STYLE=true
EOF
log "ready after $(($(date +%s) - started)) s (bucket $BUCKET); stop with: $0 stop"
print_env
