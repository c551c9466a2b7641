/**
 * Learning-rate schedules. WUCON's (lr_log_schedule): constant for the first half of the steps, then
 * log-linear from `lr` to `lrEnd` over the second half.
 */
export function halfLogSchedule(lr: number, lrEnd: number, steps: number): (step: number) => number {
  const half = Math.floor(steps / 2);
  return (step) => {
    if (step < half || steps - half <= 0) return lr;
    const p = (step - half) / (steps - half);
    return Math.exp((1 - p) * Math.log(lr) + p * Math.log(lrEnd));
  };
}
