#!/usr/bin/env bash
# A single-node Slurm on localhost for tests and laptops: munged + slurmctld + slurmd as root, every file in
# one state directory (nothing under /etc is touched, so a real Slurm config on the machine is left alone).
#
#   workflows/slurm/local-cluster.sh start   # prints `export SLURM_CONF=...`: eval it, or set it yourself
#   workflows/slurm/local-cluster.sh stop
#   workflows/slurm/local-cluster.sh status
#
# Environment: WEDGELAB_SLURM_DIR (state dir, default $TMPDIR/wedgelab-slurm), WEDGELAB_SLURM_PORT (slurmctld
# port, default 6817; slurmd uses the next one). Needs Debian's slurmctld, slurmd and munge packages.
#
# Why these settings: proctrack/linuxproc and task/none need no cgroup v1/v2 delegation (containers and CI
# machines rarely give it); no slurmdbd, so `sacct` does not work and job states come from `scontrol show job`
# (kept MinJobAge seconds after a job ends); cons_tres + CR_Core_Memory so --cpus-per-task and --mem are
# scheduled (not enforced: task/none confines nothing).
set -euo pipefail

STATE=${WEDGELAB_SLURM_DIR:-${TMPDIR:-/tmp}/wedgelab-slurm}
PORT=${WEDGELAB_SLURM_PORT:-6817}
CONF=$STATE/slurm.conf
SOCK=$STATE/munge/munge.socket
export SLURM_CONF=$CONF

die() {
  echo "local-cluster: $*" >&2
  exit 1
}

# Kill the daemon named by a pid file and wait for it to go (a restart on the same port needs the port free).
stop_pid() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null
}

# sinfo retries for 60 s without its config file and for ~9 s without a controller: ask only when both exist.
node_state() {
  [ -f "$CONF" ] && alive "$STATE/slurmctld.pid" || return 0
  timeout 10 sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true
}

start() {
  [ "$(id -u)" -eq 0 ] || die "run as root (slurmd must start jobs as any user)"
  for bin in munged mungekey slurmctld slurmd sinfo sbatch scontrol; do
    command -v "$bin" >/dev/null || die "$bin not found: apt-get install -y slurm-wlm munge"
  done
  # Already up (a second `start`): keep it, it is the same cluster.
  case "$(node_state)" in
    idle | mixed | allocated | completing)
      echo "export SLURM_CONF=$CONF"
      return 0
      ;;
  esac
  stop >/dev/null 2>&1 || true
  rm -rf "$STATE"
  mkdir -p "$STATE/munge" "$STATE/ctld" "$STATE/spool"
  chmod 755 "$STATE" "$STATE/munge"

  mungekey --create --keyfile="$STATE/munge/munge.key" >/dev/null
  chmod 600 "$STATE/munge/munge.key"
  munged --force --socket="$SOCK" --key-file="$STATE/munge/munge.key" --pid-file="$STATE/munge/munged.pid" \
    --log-file="$STATE/munge/munged.log" --seed-file="$STATE/munge/munged.seed" ||
    die "munged did not start: $(tail -n 3 "$STATE/munge/munged.log" 2>/dev/null)"

  # The node line is slurmd's own view of this machine (CPUs, sockets, cores, RealMemory), so the node is
  # never drained for claiming more than it has.
  local host node
  host=$(hostname -s)
  node=$(slurmd -C | head -n1 | sed -E "s/^NodeName=[^ ]+/NodeName=$host NodeAddr=127.0.0.1/")
  # A job without --mem would otherwise be given the whole node's memory and run alone.
  local cpus mem
  cpus=$(sed -nE 's/.* CPUs=([0-9]+).*/\1/p' <<<"$node")
  mem=$(sed -nE 's/.* RealMemory=([0-9]+).*/\1/p' <<<"$node")
  cat >"$CONF" <<EOF
ClusterName=wedgelab
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
DefMemPerCPU=$((mem / cpus))
SlurmdTimeout=60
$node State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  slurmctld -c -f "$CONF" || die "slurmctld did not start: $(tail -n 5 "$STATE/slurmctld.log" 2>/dev/null)"
  slurmd -f "$CONF" -N "$host" || die "slurmd did not start: $(tail -n 5 "$STATE/slurmd.log" 2>/dev/null)"

  # sinfo against a controller that is not listening yet backs off for seconds: wait for the port first.
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
  done
  local state=""
  for _ in $(seq 1 300); do
    state=$(node_state)
    [ "$state" = idle ] && break
    sleep 0.1
  done
  [ "$state" = idle ] || die "node not idle after 30 s (state '${state:-none}'); see $STATE/slurmctld.log, $STATE/slurmd.log"
  echo "export SLURM_CONF=$CONF"
}

stop() {
  stop_pid "$STATE/slurmd.pid"
  stop_pid "$STATE/slurmctld.pid"
  stop_pid "$STATE/munge/munged.pid"
  echo "local-cluster: stopped" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    [ -f "$CONF" ] || die "not started (no $CONF)"
    timeout 10 sinfo -N
    ;;
  *) die "usage: $0 start|stop|status" ;;
esac
