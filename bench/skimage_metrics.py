"""scikit-image's PSNR and SSIM on the raw float32 volumes bench/metrics.ts writes (x fastest).

Usage: python3 bench/skimage_metrics.py TRUTH.f32 REC.f32 NX NY NZ
Prints one JSON line: {"version", "psnr", "ssim", "psnr_s", "ssim_s"}. SSIM uses the definition
WedgeLab matches: gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range = truth max - min.
"""
import json
import sys
import time

import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

truth_path, rec_path, nx, ny, nz = sys.argv[1:6]
shape = (int(nz), int(ny), int(nx))
truth = np.fromfile(truth_path, dtype="<f4").reshape(shape)
rec = np.fromfile(rec_path, dtype="<f4").reshape(shape)
data_range = float(truth.max()) - float(truth.min())

t0 = time.perf_counter()
psnr = peak_signal_noise_ratio(truth, rec, data_range=data_range)
t1 = time.perf_counter()
ssim = structural_similarity(
    truth, rec, data_range=data_range, gaussian_weights=True, sigma=1.5, use_sample_covariance=False
)
t2 = time.perf_counter()
print(
    json.dumps(
        {"version": skimage.__version__, "psnr": psnr, "ssim": ssim, "psnr_s": t1 - t0, "ssim_s": t2 - t1}
    )
)
