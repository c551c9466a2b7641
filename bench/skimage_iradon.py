"""scikit-image iradon, slice by slice, for the WBP benchmark (bench/wbp.ts).

argv: sinograms.raw nslices nviews nu angles(comma-separated, degrees, already in skimage's sign)
      out.raw budget_seconds order(comma-separated slice indices) row0 nrows
The raw input is float32 [slice][view][u]. Slices are done in the given order until the budget runs out;
each output is rows row0 … row0+nrows-1 of iradon's nu x nu square (rows = z, cols = x), written float32 in
the order done (cropping after the timed call).
Only the iradon calls are timed. Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
import skimage
from skimage.transform import iradon


def main() -> None:
    src, nslices, nviews, nu, angles, out, budget, order, row0, nrows = sys.argv[1:11]
    nslices, nviews, nu, budget = int(nslices), int(nviews), int(nu), float(budget)
    row0, nrows = int(row0), int(nrows)
    theta = np.array([float(a) for a in angles.split(',')])
    todo = [int(i) for i in order.split(',')]
    sino = np.fromfile(src, dtype=np.float32).reshape(nslices, nviews, nu)
    done = []
    seconds = 0.0
    with open(out, 'wb') as f:
        for y in todo:
            s = np.ascontiguousarray(sino[y].T)  # (nu, nviews), as iradon wants
            t0 = time.perf_counter()
            img = iradon(s, theta=theta, output_size=nu, filter_name='ramp', interpolation='linear', circle=False)
            seconds += time.perf_counter() - t0
            f.write(img[row0 : row0 + nrows].astype(np.float32).tobytes())
            done.append(y)
            if seconds > budget:
                break
    print(json.dumps({'version': skimage.__version__, 'seconds': seconds, 'done': done}))


if __name__ == '__main__':
    main()
