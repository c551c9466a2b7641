#!/usr/bin/env bash
# Snakemake --cluster-status for Slurm without accounting: `status.sh JOBID` prints success, running or failed.
#
# `scontrol show job` needs no slurmdbd (sacct does), but forgets a job MinJobAge seconds after it ends
# (local-cluster.sh sets 600). Snakemake aborts the whole workflow when this script exits non-zero or prints
# anything else, so it always prints one of the three words: a controller that does not answer is "running"
# (asked again next round); a job id that Slurm no longer knows is "failed" (Snakemake then checks the outputs).
set -uo pipefail

# sbatch --parsable prints "JOBID" or "JOBID;CLUSTER".
jobid=${1%%;*}
out=$(timeout 20 scontrol show job -o "$jobid" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
  case "$out" in
    *"Invalid job id"*) echo failed ;;
    *) echo running ;;
  esac
  exit 0
fi

state=$(sed -nE 's/.*JobState=([A-Z_]+).*/\1/p' <<<"$out" | head -n1)
case "$state" in
  COMPLETED) echo success ;;
  PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED | REQUEUED | REQUEUE_HOLD | REQUEUE_FED | RESIZING | \
    SIGNALING | STAGE_OUT | STOPPED | SPECIAL_EXIT | RESV_DEL_HOLD | POWER_UP_NODE)
    echo running
    ;;
  # BOOT_FAIL CANCELLED DEADLINE FAILED NODE_FAIL OUT_OF_MEMORY PREEMPTED TIMEOUT, and anything unknown
  *) echo failed ;;
esac
