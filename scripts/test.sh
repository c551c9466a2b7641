#!/usr/bin/env bash
# The one test command: installs what the suite needs, then runs check, unit and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
/usr/bin/python3 -c 'import mrcfile' 2>/dev/null || need_apt+=(python3-mrcfile)
/usr/bin/python3 -c 'import skimage' 2>/dev/null || need_apt+=(python3-skimage)
# the batch workflow's test (workflows/batch.test.ts) runs a real Snakemake on a real single-node Slurm
command -v snakemake >/dev/null || need_apt+=(snakemake)
{ command -v slurmctld && command -v slurmd && command -v sbatch; } >/dev/null || need_apt+=(slurm-wlm)
{ command -v munged && command -v mungekey; } >/dev/null || need_apt+=(munge)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} with apt" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm run check
npm test
