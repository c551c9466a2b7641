"""scikit-image's phase_cross_correlation chained over neighbouring views: the peer of the alignment benchmark
(bench/align.ts).

argv: views.mrc angles(comma-separated, degrees) upsample_factor
The views are already turned so the tilt axis is vertical (the benchmark does that with the known axis,
outside the timing). From the view nearest 0° outwards, each view is registered to its lower-tilt neighbour
and the shifts are summed along the chain. Shift convention: phase_cross_correlation(ref, moving) returns s
(rows, cols) with ndimage.shift(moving, s) ≈ ref, i.e. ref(i) = moving(i − s); a view's aligned-frame shift
(the .xf dx, dy, aligned(x) = raw(x − d)) is then its neighbour's plus s. Only the registrations are timed.
The chain runs twice: with skimage's default normalization='phase' and with normalization=None (plain
cross-correlation), since whitening the spectrum amplifies the shot noise of low-dose views.
Prints one JSON line: {"version", "runs": {"phase" | "none": {"seconds", "shifts": [[dx, dy], ...]}}}, shifts
in stack order.
"""
import json
import sys
import time

import mrcfile
import numpy as np
import skimage
from skimage.registration import phase_cross_correlation


def chain(views: np.ndarray, theta: np.ndarray, upsample: int, normalization) -> dict:
    order = np.argsort(theta)
    anchor = int(np.argmin(np.abs(theta[order])))
    shifts = np.zeros((len(theta), 2))  # (dx, dy) per stack index
    seconds = 0.0
    for step in (1, -1):
        i = anchor
        while 0 <= i + step < len(order):
            ref, mov = order[i], order[i + step]
            t0 = time.perf_counter()
            s, _, _ = phase_cross_correlation(
                views[ref], views[mov], upsample_factor=upsample, normalization=normalization
            )
            seconds += time.perf_counter() - t0
            shifts[mov] = shifts[ref] + (s[1], s[0])
            i += step
    return {'seconds': seconds, 'shifts': shifts.tolist()}


def main() -> None:
    path, angles, upsample = sys.argv[1], sys.argv[2], int(sys.argv[3])
    theta = np.array([float(a) for a in angles.split(',')])
    with mrcfile.open(path, permissive=True) as m:
        views = np.asarray(m.data, dtype=np.float64)
    runs = {'phase': chain(views, theta, upsample, 'phase'), 'none': chain(views, theta, upsample, None)}
    print(json.dumps({'version': skimage.__version__, 'runs': runs}))


if __name__ == '__main__':
    main()
